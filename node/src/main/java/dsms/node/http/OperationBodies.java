package dsms.node.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dsms.node.http.Operations.Field;
import dsms.node.http.Operations.FieldKind;
import dsms.node.http.Operations.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns an operation's JSON body into the operation's command-line arguments, refusing anything
 * that is not exactly its fields: no unknown field (so a body cannot name an acting user), no
 * duplicate key, no trailing bytes, each field of its JSON type.
 */
final class OperationBodies {
    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The field that names each operation of a batch. */
    static final String OPERATION_FIELD = "operation";
    /** The field of a batch body that holds its operations. */
    static final String OPERATIONS_FIELD = "operations";

    /** One operation of a batch with its arguments in command-line order. */
    record BatchItem(Operation operation, List<String> arguments) {}

    /** The arguments in command-line order; throws {@link ApiError} with a clear message. */
    List<String> arguments(Operation operation, byte[] body) {
        return arguments(operation, parse(body), "", false);
    }

    /**
     * The operations of a batch body, {@code {"operations":[{"operation":NAME, fields...}, ...]}},
     * each checked as strictly as a single operation's body. One malformed operation refuses the
     * whole batch, naming its index, so nothing of a batch runs unless all of it is well formed.
     */
    List<BatchItem> batch(byte[] body, int operationsMax) {
        JsonNode object = parse(body);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(OPERATIONS_FIELD)) {
                throw ApiError.badRequest("unknown field '" + shorten(name) + "'; a batch body has only '"
                        + OPERATIONS_FIELD + "' (the acting user always comes from the API key)");
            }
        }
        JsonNode operations = object.get(OPERATIONS_FIELD);
        if (operations == null || !operations.isArray()) {
            throw ApiError.badRequest("a batch body is {\"" + OPERATIONS_FIELD + "\":[...]}, a JSON array of operations");
        }
        if (operations.isEmpty() || operations.size() > operationsMax) {
            throw ApiError.badRequest("a batch has 1 to " + operationsMax + " operations, not " + operations.size());
        }
        List<BatchItem> items = new ArrayList<>(operations.size());
        for (int index = 0; index < operations.size(); index++) {
            items.add(batchItem(operations.get(index), "operations[" + index + "]: "));
        }
        return items;
    }

    private BatchItem batchItem(JsonNode element, String where) {
        if (!element.isObject()) {
            throw ApiError.badRequest(where + "an operation must be a JSON object");
        }
        JsonNode name = element.get(OPERATION_FIELD);
        if (name == null || !name.isTextual()) {
            throw ApiError.badRequest(where + "missing string field '" + OPERATION_FIELD + "'; operations are "
                    + String.join(", ", Operations.ALL.keySet()));
        }
        Operation operation = Operations.find(name.textValue()).orElseThrow(() -> ApiError.badRequest(where
                + "unknown operation '" + shorten(name.textValue()) + "'; operations are "
                + String.join(", ", Operations.ALL.keySet())));
        return new BatchItem(operation, arguments(operation, element, where, true));
    }

    private static List<String> arguments(Operation operation, JsonNode object, String where, boolean named) {
        rejectUnknownFields(operation, object, where, named);
        List<String> arguments = new ArrayList<>();
        for (Field field : operation.fields()) {
            JsonNode value = object.get(field.name());
            if (value == null || value.isNull()) {
                if (!field.optional()) {
                    throw ApiError.badRequest(where + "missing field '" + field.name() + "'; " + operation.name()
                            + " takes " + operation.describeFields());
                }
                continue;
            }
            arguments.add(text(field, value, where));
        }
        return arguments;
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    private static void rejectUnknownFields(Operation operation, JsonNode object, String where, boolean named) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (named && name.equals(OPERATION_FIELD)) {
                continue;
            }
            if (operation.fields().stream().noneMatch(field -> field.name().equals(name))) {
                throw ApiError.badRequest(where + "unknown field '" + shorten(name) + "'; " + operation.name() + " takes "
                        + operation.describeFields() + " (the acting user always comes from the API key)");
            }
        }
    }

    private static String text(Field field, JsonNode value, String where) {
        if (field.kind() == FieldKind.COUNT) {
            if (!value.isIntegralNumber()) {
                throw ApiError.badRequest(where + "field '" + field.name() + "' must be a JSON integer");
            }
            return value.asText();
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest(where + "field '" + field.name() + "' must be a JSON string");
        }
        return value.textValue();
    }

    /** Jackson's messages name the source and spread over lines; the first line says what is wrong. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return shorten(newline < 0 ? message : message.substring(0, newline));
    }

    /** Echoed client text is cut short, so an error answer stays small whatever was sent. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
