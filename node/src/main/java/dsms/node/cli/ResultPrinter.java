package dsms.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders a successful result for people: the message, then its data as fields or a table. */
final class ResultPrinter {
    private ResultPrinter() {}

    static String render(String message, JsonNode data) {
        StringBuilder text = new StringBuilder(message);
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (field.getValue().isArray()) {
                text.append('\n').append(table(field.getValue()));
            } else {
                text.append('\n').append("  ").append(field.getKey()).append(": ").append(field.getValue().asText());
            }
        }
        return text.toString();
    }

    private static String table(JsonNode rows) {
        if (rows.isEmpty()) {
            return "  (none)";
        }
        List<String> columns = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(columns::add);
        int[] widths = new int[columns.size()];
        for (int column = 0; column < columns.size(); column++) {
            widths[column] = columns.get(column).length();
            for (JsonNode row : rows) {
                widths[column] = Math.max(widths[column], row.path(columns.get(column)).asText().length());
            }
        }
        StringBuilder table = new StringBuilder();
        appendRow(table, columns, widths);
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>();
            columns.forEach(column -> cells.add(row.path(column).asText()));
            table.append('\n');
            appendRow(table, cells, widths);
        }
        return table.toString();
    }

    private static void appendRow(StringBuilder table, List<String> cells, int[] widths) {
        table.append(' ');
        for (int column = 0; column < cells.size(); column++) {
            table.append(' ').append(String.format("%-" + widths[column] + "s", cells.get(column)));
        }
    }
}
