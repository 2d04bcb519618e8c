package dsms.node.http;

import dsms.core.Checks;
import dsms.market.codec.ResultCodec;
import dsms.market.result.ResultCode;
import dsms.node.http.OperationBodies.BatchItem;
import dsms.node.http.Operations.Operation;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The binary batch format: the batch endpoint's fastest encoding, chosen by the request's {@code
 * Content-Type: application/vnd.dsms.batch} and answered in the same format. It carries the same
 * operations and answers as the JSON batch, without JSON on either side: operations arrive as
 * their command-line arguments, and each market result leaves as the canonical bytes the replicas
 * agreed on, which the front end would otherwise decode and write again as JSON.
 *
 * <p>Both sides live here, the front end's (decode a request, encode an answer) and a client's
 * (encode a request, decode an answer), so the two cannot drift apart. Everything is big-endian;
 * docs/BINARY-BATCH.md is the description for client authors.
 *
 * <pre>
 * request: version byte (1), operation count u16 (1 to 1000), then per operation:
 *          operation number byte (see {@link #OPERATION_NAMES}), argument count byte (0 to 8),
 *          per argument a u16 byte length (0 to 1024) and UTF-8 text, in command-line order
 * answer:  version byte (1), answer count u16, then per operation in the order given:
 *          kind byte 0 (a market result): u32 byte length and the canonical result encoding
 *          kind byte 1 (a refusal):      code as a byte length and ASCII, message as a u16 byte length and UTF-8
 * </pre>
 */
public final class BatchWire {
    public static final String CONTENT_TYPE = "application/vnd.dsms.batch";
    public static final int VERSION = 1;
    /** Arguments read for one operation: more than any operation takes, few enough to bound a body. */
    public static final int ARGUMENTS_MAX = 8;
    /** A few times the market's longest argument in characters, as UTF-8 can take up to 3 bytes each. */
    public static final int ARGUMENT_BYTES_MAX = 1_024;
    /** Operation numbers on the wire: the position in this list plus one. Never reorder it. */
    public static final List<String> OPERATION_NAMES = List.of(
            "addShare", "removeShare", "listShareAvailability", "purchaseShare", "getShares", "sellShare", "swapShares");
    /** The operations by number minus one, looked up once rather than for every operation of every batch. */
    private static final Operation[] OPERATIONS_BY_NUMBER =
            OPERATION_NAMES.stream().map(name -> Operations.find(name).orElseThrow()).toArray(Operation[]::new);
    public static final int KIND_RESULT = 0;
    public static final int KIND_REFUSAL = 1;
    /** A refusal's code is one of the front end's short code names. */
    private static final int CODE_BYTES_MAX = 255;
    private static final int MESSAGE_BYTES_MAX = 65_535;
    private static final int HEADER_BYTES = 3;

    private BatchWire() {}

    /** Whether a request's Content-Type header names this format (parameters and case aside). */
    public static boolean isBinary(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
    }

    /** The number of an operation on the wire. */
    public static int operationNumber(String operationName) {
        int index = OPERATION_NAMES.indexOf(operationName);
        if (index < 0) {
            throw new IllegalArgumentException("no operation named '" + operationName + "'");
        }
        return index + 1;
    }

    // ------------------------------------------------------------------ the front end's side

    /**
     * The operations of a binary batch body, with their arguments in command-line order; throws
     * {@link ApiError} (bad request) naming what is wrong and, within an operation, its index.
     * The arguments' meaning is checked later, by the same parser as every other path's.
     */
    static List<BatchItem> decodeRequest(byte[] body, int operationsMax) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        try {
            if (buffer.remaining() < HEADER_BYTES) {
                throw ApiError.badRequest("a binary batch starts with a version byte and an operation count");
            }
            int version = buffer.get() & 0xFF;
            if (version != VERSION) {
                throw ApiError.badRequest("binary batch version " + version + " is not supported; this front end reads version " + VERSION);
            }
            int count = Short.toUnsignedInt(buffer.getShort());
            if (count < 1 || count > operationsMax) {
                throw ApiError.badRequest("a batch has 1 to " + operationsMax + " operations, not " + count);
            }
            List<BatchItem> items = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                items.add(decodeOperation(buffer, index));
            }
            if (buffer.hasRemaining()) {
                throw ApiError.badRequest(buffer.remaining() + " bytes follow the last of the " + count + " operations");
            }
            return items;
        } catch (BufferUnderflowException truncated) {
            throw ApiError.badRequest("the binary batch ends in the middle of an operation (" + body.length + " bytes)");
        }
    }

    private static BatchItem decodeOperation(ByteBuffer buffer, int index) {
        int number = buffer.get() & 0xFF;
        if (number < 1 || number > OPERATION_NAMES.size()) {
            throw ApiError.badRequest(where(index) + "unknown operation number " + number + "; operations are 1 to "
                    + OPERATION_NAMES.size() + ": " + String.join(", ", OPERATION_NAMES));
        }
        Operation operation = OPERATIONS_BY_NUMBER[number - 1];
        int argumentCount = buffer.get() & 0xFF;
        if (argumentCount > ARGUMENTS_MAX) {
            throw ApiError.badRequest(where(index) + argumentCount + " arguments; an operation has at most " + ARGUMENTS_MAX);
        }
        List<String> arguments = new ArrayList<>(argumentCount);
        for (int argument = 0; argument < argumentCount; argument++) {
            int length = Short.toUnsignedInt(buffer.getShort());
            if (length > ARGUMENT_BYTES_MAX) {
                throw ApiError.badRequest(where(index) + "an argument of " + length + " bytes; at most " + ARGUMENT_BYTES_MAX);
            }
            arguments.add(utf8(buffer, length, index));
        }
        return new BatchItem(operation, arguments);
    }

    /**
     * The next {@code length} bytes as text. Market arguments are ASCII, read without a decoder;
     * anything else goes through a strict UTF-8 decoder, which refuses malformed bytes.
     */
    private static String utf8(ByteBuffer buffer, int length, int index) {
        if (length > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] array = buffer.array();
        int start = buffer.arrayOffset() + buffer.position();
        buffer.position(buffer.position() + length);
        if (isAscii(array, start, length)) {
            return new String(array, start, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(array, start, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest(where(index) + "an argument is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] array, int start, int length) {
        for (int at = start; at < start + length; at++) {
            if (array[at] < 0) {
                return false;
            }
        }
        return true;
    }

    private static String where(int index) {
        return "operations[" + index + "]: ";
    }

    /** One operation's answer as the front end writes it: a market result's bytes, or a refusal. */
    public sealed interface Entry permits ResultEntry, RefusalEntry {}

    /** The canonical result encoding the replicas agreed on (or of a result the front end made itself). */
    public record ResultEntry(byte[] result) implements Entry {}

    /** No result: the front end's code and what to do about it. */
    public record RefusalEntry(String code, String message) implements Entry {}

    /** The answer to a batch, one entry per operation in the order given. */
    public static byte[] encodeAnswer(List<Entry> entries) {
        int size = HEADER_BYTES;
        List<byte[]> refusalTexts = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry instanceof ResultEntry result) {
                size += 1 + 4 + result.result().length;
            } else {
                RefusalEntry refusal = (RefusalEntry) entry;
                byte[] code = refusal.code().getBytes(StandardCharsets.US_ASCII);
                Checks.check(code.length <= CODE_BYTES_MAX, "a refusal code of %d bytes is one of the front end's names", code.length);
                byte[] message = truncatedUtf8(refusal.message());
                refusalTexts.add(code);
                refusalTexts.add(message);
                size += 1 + 1 + code.length + 2 + message.length;
            }
        }
        ByteBuffer answer = ByteBuffer.allocate(size);
        answer.put((byte) VERSION).putShort((short) entries.size());
        int text = 0;
        for (Entry entry : entries) {
            if (entry instanceof ResultEntry result) {
                answer.put((byte) KIND_RESULT).putInt(result.result().length).put(result.result());
            } else {
                byte[] code = refusalTexts.get(text++);
                byte[] message = refusalTexts.get(text++);
                answer.put((byte) KIND_REFUSAL).put((byte) code.length).put(code).putShort((short) message.length).put(message);
            }
        }
        return answer.array();
    }

    /** Refusal messages are short sentences; a longer one is cut at a character boundary rather than refused. */
    private static byte[] truncatedUtf8(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MESSAGE_BYTES_MAX) {
            return bytes;
        }
        int end = MESSAGE_BYTES_MAX;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    /** The code of canonical result bytes, or null when they do not start like a result. */
    static ResultCode resultCode(byte[] result) {
        return ResultCodec.codeOf(result, 0, result.length);
    }

    // ------------------------------------------------------------------ a client's side

    /** One operation for a client to send: its name and its arguments in command-line order. */
    public record Call(String operation, List<String> arguments) {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** A binary batch body of {@code calls}, in their order. */
    public static byte[] encodeRequest(List<Call> calls) {
        if (calls.isEmpty() || calls.size() > 0xFFFF) {
            throw new IllegalArgumentException("a batch has at least one operation and fits a u16 count, not " + calls.size());
        }
        List<byte[]> texts = new ArrayList<>();
        int size = HEADER_BYTES;
        for (Call call : calls) {
            check(call.arguments().size() <= ARGUMENTS_MAX, "too many arguments for " + call.operation());
            size += 2;
            for (String argument : call.arguments()) {
                byte[] text = argument.getBytes(StandardCharsets.UTF_8);
                check(text.length <= ARGUMENT_BYTES_MAX, "an argument of " + text.length + " bytes");
                texts.add(text);
                size += 2 + text.length;
            }
        }
        ByteBuffer body = ByteBuffer.allocate(size);
        body.put((byte) VERSION).putShort((short) calls.size());
        int text = 0;
        for (Call call : calls) {
            body.put((byte) operationNumber(call.operation())).put((byte) call.arguments().size());
            for (int argument = 0; argument < call.arguments().size(); argument++) {
                byte[] bytes = texts.get(text++);
                body.putShort((short) bytes.length).put(bytes);
            }
        }
        return body.array();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** An answer as a client reads it; {@code Optional.empty()} from {@link #decodeAnswer} when malformed. */
    public record Answer(List<Entry> entries) {}

    /** Decodes a binary batch answer; empty when it is truncated, has trailing bytes or an unknown kind. Never throws. */
    public static Optional<Answer> decodeAnswer(byte[] body) {
        List<Entry> entries = new ArrayList<>();
        boolean wellFormed = readAnswer(body, 0, body.length, new AnswerReader() {
            @Override
            public void result(byte[] bytes, int offset, int length) {
                entries.add(new ResultEntry(Arrays.copyOfRange(bytes, offset, offset + length)));
            }

            @Override
            public void refusal(byte[] bytes, int codeOffset, int codeLength, int messageOffset, int messageLength) {
                entries.add(new RefusalEntry(new String(bytes, codeOffset, codeLength, StandardCharsets.US_ASCII),
                        new String(bytes, messageOffset, messageLength, StandardCharsets.UTF_8)));
            }
        });
        return wellFormed ? Optional.of(new Answer(entries)) : Optional.empty();
    }

    /** Takes an answer's entries in order, as positions in the answer's bytes, so that reading allocates nothing. */
    public interface AnswerReader {
        /** A market result: its canonical encoding in {@code bytes[offset, offset + length)}. */
        void result(byte[] bytes, int offset, int length);

        /** A refusal: its ASCII code and UTF-8 message, where they lie in {@code bytes}. */
        void refusal(byte[] bytes, int codeOffset, int codeLength, int messageOffset, int messageLength);
    }

    /**
     * Reads the answer in {@code body[offset, offset + length)}, handing each entry to {@code
     * reader} in order; returns false, having stopped, at the first thing that is not the format
     * (an unknown version or kind, a truncated entry, trailing bytes). Never throws on bad bytes.
     */
    public static boolean readAnswer(byte[] body, int offset, int length, AnswerReader reader) {
        int end = offset + length;
        if (length < HEADER_BYTES || (body[offset] & 0xFF) != VERSION) {
            return false;
        }
        int count = unsignedShort(body, offset + 1);
        int at = offset + HEADER_BYTES;
        for (int index = 0; index < count; index++) {
            if (at >= end) {
                return false;
            }
            int kind = body[at++] & 0xFF;
            if (kind == KIND_RESULT && end - at >= 4) {
                int resultLength = ((body[at] & 0xFF) << 24) | ((body[at + 1] & 0xFF) << 16) | unsignedShort(body, at + 2);
                at += 4;
                if (resultLength < 0 || resultLength > end - at) {
                    return false;
                }
                reader.result(body, at, resultLength);
                at += resultLength;
            } else if (kind == KIND_REFUSAL && end - at >= 1 && end - at >= 1 + (body[at] & 0xFF) + 2) {
                int codeLength = body[at] & 0xFF;
                int codeOffset = at + 1;
                int messageLength = unsignedShort(body, codeOffset + codeLength);
                int messageOffset = codeOffset + codeLength + 2;
                if (messageLength > end - messageOffset) {
                    return false;
                }
                reader.refusal(body, codeOffset, codeLength, messageOffset, messageLength);
                at = messageOffset + messageLength;
            } else {
                return false;
            }
        }
        return at == end;
    }

    private static int unsignedShort(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }
}
