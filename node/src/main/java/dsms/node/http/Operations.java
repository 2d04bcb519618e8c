package dsms.node.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of the HTTP API and the JSON fields of each, in the argument order of the
 * command line ({@code dsms client}), so both reach the market through the same parser.
 */
public final class Operations {
    /** Field names per operation, in command-line order; a trailing "?" marks an optional one. */
    public static final Map<String, List<String>> FIELDS = fields();

    private Operations() {}

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("addShare", List.of("shareId", "shareType", "capacity"));
        fields.put("removeShare", List.of("shareId", "shareType"));
        fields.put("listShareAvailability", List.of("shareType"));
        fields.put("purchaseShare", List.of("shareId", "shareType", "count"));
        fields.put("getShares", List.of());
        fields.put("sellShare", List.of("shareId", "count", "shareType?"));
        fields.put("swapShares", List.of("oldShareId", "oldShareType", "newShareId", "newShareType"));
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** The field's name without its optional marker. */
    public static String name(String field) {
        return field.endsWith("?") ? field.substring(0, field.length() - 1) : field;
    }

    public static boolean optional(String field) {
        return field.endsWith("?");
    }
}
