package dsms.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dsms.node.http.Operations.Field;
import dsms.node.http.Operations.FieldKind;
import dsms.node.http.Operations.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an operation's JSON body into the operation's command-line arguments, refusing anything
 * that is not exactly its fields: no unknown field (so a body cannot name an acting user), no
 * duplicate key, no trailing bytes, each field of its JSON type.
 *
 * <p>Bodies are read token by token rather than into a tree: the front end reads every operation
 * of the cluster here, and building a tree of a batch and walking it again was about a fifth of
 * the front end's time at saturation.
 */
final class OperationBodies {
    private final JsonFactory json = new JsonFactory();

    /** The field that names each operation of a batch. */
    static final String OPERATION_FIELD = "operation";
    /** The field of a batch body that holds its operations. */
    static final String OPERATIONS_FIELD = "operations";
    /**
     * Fields read from one operation's object: the most any operation takes, its name, and room
     * for a few strangers to name in the refusal. An object with more is refused without reading
     * further.
     */
    static final int FIELDS_MAX = 8;

    private static final String BATCH_SHAPE =
            "a batch body is {\"" + OPERATIONS_FIELD + "\":[...]}, a JSON array of operations";

    /** One operation of a batch with its arguments in command-line order. */
    record BatchItem(Operation operation, List<String> arguments) {}

    /** The arguments in command-line order; throws {@link ApiError} with a clear message. */
    List<String> arguments(Operation operation, byte[] body) {
        ObjectFields fields = new ObjectFields();
        if (body.length == 0) {
            return arguments(operation, fields, -1, false);
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            fields.read(parser, -1);
            requireEnd(parser);
            return arguments(operation, fields, -1, false);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /**
     * The operations of a batch body, {@code {"operations":[{"operation":NAME, fields...}, ...]}},
     * each checked as strictly as a single operation's body. One malformed operation refuses the
     * whole batch, naming its index, so nothing of a batch runs unless all of it is well formed.
     */
    List<BatchItem> batch(byte[] body, int operationsMax) {
        if (body.length == 0) {
            throw ApiError.badRequest(BATCH_SHAPE);
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            List<BatchItem> items = null;
            for (JsonToken token = next(parser); token != JsonToken.END_OBJECT; token = next(parser)) {
                String name = parser.currentName();
                if (!name.equals(OPERATIONS_FIELD)) {
                    throw ApiError.badRequest("unknown field '" + shorten(name) + "'; a batch body has only '"
                            + OPERATIONS_FIELD + "' (the acting user always comes from the API key)");
                }
                if (items != null) {
                    throw ApiError.badRequest("duplicate field '" + OPERATIONS_FIELD + "'");
                }
                items = operations(parser, operationsMax);
            }
            requireEnd(parser);
            if (items == null) {
                throw ApiError.badRequest(BATCH_SHAPE);
            }
            return items;
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** Reads the array of operations the parser is about to start. */
    private static List<BatchItem> operations(JsonParser parser, int operationsMax) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw ApiError.badRequest(BATCH_SHAPE);
        }
        List<BatchItem> items = new ArrayList<>();
        ObjectFields fields = new ObjectFields();
        for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
            int index = items.size();
            if (index == operationsMax) {
                throw ApiError.badRequest("a batch has 1 to " + operationsMax + " operations, not "
                        + (index + countRest(parser)));
            }
            if (token != JsonToken.START_OBJECT) {
                throw ApiError.badRequest(where(index) + "an operation must be a JSON object");
            }
            fields.read(parser, index);
            items.add(batchItem(fields, index));
        }
        if (items.isEmpty()) {
            throw ApiError.badRequest("a batch has 1 to " + operationsMax + " operations, not 0");
        }
        return items;
    }

    /** Counts the array's elements from the current one on, to say how many a refused batch had. */
    private static int countRest(JsonParser parser) throws IOException {
        int count = 0;
        for (JsonToken token = parser.currentToken(); token != JsonToken.END_ARRAY; token = next(parser)) {
            parser.skipChildren();
            count++;
        }
        return count;
    }

    private static BatchItem batchItem(ObjectFields fields, int index) {
        int name = fields.indexOf(OPERATION_FIELD);
        if (name < 0 || fields.kinds[name] != JsonToken.VALUE_STRING) {
            throw ApiError.badRequest(where(index) + "missing string field '" + OPERATION_FIELD + "'; operations are "
                    + String.join(", ", Operations.ALL.keySet()));
        }
        String operationName = fields.texts[name];
        Operation operation = Operations.find(operationName).orElseThrow(() -> ApiError.badRequest(where(index)
                + "unknown operation '" + shorten(operationName) + "'; operations are "
                + String.join(", ", Operations.ALL.keySet())));
        return new BatchItem(operation, arguments(operation, fields, index, true));
    }

    private static List<String> arguments(Operation operation, ObjectFields fields, int index, boolean named) {
        rejectUnknownFields(operation, fields, index, named);
        List<String> arguments = new ArrayList<>(operation.fields().size());
        for (Field field : operation.fields()) {
            int position = fields.indexOf(field.name());
            if (position < 0 || fields.kinds[position] == JsonToken.VALUE_NULL) {
                if (!field.optional()) {
                    throw ApiError.badRequest(where(index) + "missing field '" + field.name() + "'; " + operation.name()
                            + " takes " + operation.describeFields());
                }
                continue;
            }
            arguments.add(text(field, fields.kinds[position], fields.texts[position], index));
        }
        return arguments;
    }

    private static void rejectUnknownFields(Operation operation, ObjectFields fields, int index, boolean named) {
        for (int position = 0; position < fields.count; position++) {
            String name = fields.names[position];
            if (named && name.equals(OPERATION_FIELD)) {
                continue;
            }
            if (!takes(operation, name)) {
                throw ApiError.badRequest(where(index) + "unknown field '" + shorten(name) + "'; " + operation.name()
                        + " takes " + operation.describeFields() + " (the acting user always comes from the API key)");
            }
        }
    }

    private static boolean takes(Operation operation, String name) {
        for (Field field : operation.fields()) {
            if (field.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Field field, JsonToken kind, String text, int index) {
        if (field.kind() == FieldKind.COUNT) {
            if (kind != JsonToken.VALUE_NUMBER_INT) {
                throw ApiError.badRequest(where(index) + "field '" + field.name() + "' must be a JSON integer");
            }
            return text;
        }
        if (kind != JsonToken.VALUE_STRING) {
            throw ApiError.badRequest(where(index) + "field '" + field.name() + "' must be a JSON string");
        }
        return text;
    }

    /** The next token inside the body's object, which must not end before the object does. */
    private static JsonToken next(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw ApiError.badRequest("the body is not valid JSON: it ends inside its object");
        }
        return token;
    }

    /** Nothing may follow the body's object. */
    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw ApiError.badRequest("the body is not valid JSON: unexpected " + trailing.asString()
                    + " after the body's object");
        }
    }

    /** Where in a batch an error is: nothing for a single operation's body (index -1). */
    private static String where(int index) {
        return index < 0 ? "" : "operations[" + index + "]: ";
    }

    private static ApiError notJson(IOException e) {
        return ApiError.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
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

    /**
     * The fields of one JSON object: each name, its value's token and, for strings and integers,
     * its text. Reused from one operation of a batch to the next.
     */
    private static final class ObjectFields {
        private final String[] names = new String[FIELDS_MAX];
        private final JsonToken[] kinds = new JsonToken[FIELDS_MAX];
        private final String[] texts = new String[FIELDS_MAX];
        private int count;

        /** Reads the fields of the object the parser has just started, up to its end. */
        void read(JsonParser parser, int index) throws IOException {
            count = 0;
            for (JsonToken token = next(parser); token != JsonToken.END_OBJECT; token = next(parser)) {
                String name = parser.currentName();
                if (indexOf(name) >= 0) {
                    throw ApiError.badRequest(where(index) + "duplicate field '" + shorten(name) + "'");
                }
                if (count == FIELDS_MAX) {
                    throw ApiError.badRequest(where(index) + "too many fields: an operation's object has at most "
                            + FIELDS_MAX);
                }
                JsonToken value = next(parser);
                names[count] = name;
                kinds[count] = value;
                texts[count] = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT ? parser.getText() : null;
                parser.skipChildren();
                count++;
            }
        }

        int indexOf(String name) {
            for (int position = 0; position < count; position++) {
                if (names[position].equals(name)) {
                    return position;
                }
            }
            return -1;
        }
    }
}
