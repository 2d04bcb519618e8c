package dsms.node.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The market operations of the HTTP API and the JSON fields of each, in the argument order of the
 * command line ({@code dsms client}), so both reach the market through the same parser. The
 * OpenAPI document describes the same table; a test keeps the two in step.
 */
public final class Operations {
    /** Every operation by name, in the order of DESIGN.md. */
    public static final Map<String, Operation> ALL = operations();

    private Operations() {}

    /** How a field is written in JSON: IDs and types are strings, counts are integers. */
    public enum FieldKind {
        TEXT,
        COUNT
    }

    /** One JSON field of an operation's body. */
    public record Field(String name, FieldKind kind, boolean optional) {
        static Field text(String name) {
            return new Field(name, FieldKind.TEXT, false);
        }

        static Field count(String name) {
            return new Field(name, FieldKind.COUNT, false);
        }
    }

    /** An operation and its fields in command-line order. */
    public record Operation(String name, List<Field> fields) {
        public Operation {
            fields = List.copyOf(fields);
        }

        /** The field names, comma-separated, for messages that say what the operation takes. */
        public String describeFields() {
            return fields.isEmpty() ? "no fields" : String.join(", ", fields.stream().map(Field::name).toList());
        }
    }

    public static Optional<Operation> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    private static Map<String, Operation> operations() {
        Map<String, Operation> operations = new LinkedHashMap<>();
        add(operations, "addShare", Field.text("shareId"), Field.text("shareType"), Field.count("capacity"));
        add(operations, "removeShare", Field.text("shareId"), Field.text("shareType"));
        add(operations, "listShareAvailability", Field.text("shareType"));
        add(operations, "purchaseShare", Field.text("shareId"), Field.text("shareType"), Field.count("count"));
        add(operations, "getShares");
        add(operations, "sellShare", Field.text("shareId"), Field.count("count"),
                new Field("shareType", FieldKind.TEXT, true));
        add(operations, "swapShares", Field.text("oldShareId"), Field.text("oldShareType"), Field.text("newShareId"),
                Field.text("newShareType"));
        return java.util.Collections.unmodifiableMap(operations);
    }

    private static void add(Map<String, Operation> operations, String name, Field... fields) {
        operations.put(name, new Operation(name, List.of(fields)));
    }
}
