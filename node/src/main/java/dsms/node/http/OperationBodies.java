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

    /** The arguments in command-line order; throws {@link ApiError} with a clear message. */
    List<String> arguments(Operation operation, byte[] body) {
        JsonNode object = parse(body);
        rejectUnknownFields(operation, object);
        List<String> arguments = new ArrayList<>();
        for (Field field : operation.fields()) {
            JsonNode value = object.get(field.name());
            if (value == null || value.isNull()) {
                if (!field.optional()) {
                    throw ApiError.badRequest("missing field '" + field.name() + "'; " + operation.name() + " takes "
                            + operation.describeFields());
                }
                continue;
            }
            arguments.add(text(field, value));
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

    private static void rejectUnknownFields(Operation operation, JsonNode object) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (operation.fields().stream().noneMatch(field -> field.name().equals(name))) {
                throw ApiError.badRequest("unknown field '" + shorten(name) + "'; " + operation.name() + " takes "
                        + operation.describeFields() + " (the acting user always comes from the API key)");
            }
        }
    }

    private static String text(Field field, JsonNode value) {
        if (field.kind() == FieldKind.COUNT) {
            if (!value.isIntegralNumber()) {
                throw ApiError.badRequest("field '" + field.name() + "' must be a JSON integer");
            }
            return value.asText();
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("field '" + field.name() + "' must be a JSON string");
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
