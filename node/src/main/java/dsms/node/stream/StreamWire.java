package dsms.node.stream;

import dsms.node.http.HttpApi;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The stream protocol's frames: binary batches over one TCP connection, served by the front end's
 * event loop itself, with no HTTP in between. Both sides live here, so they cannot drift apart;
 * docs/STREAM-PROTOCOL.md is the description for client authors.
 *
 * <p>Every frame is a u32 length (of what follows it), a type byte and the type's body, all
 * big-endian. A client sends {@link #HELLO} with its API key first, then any number of {@link
 * #BATCH} frames, each a binary batch (docs/BINARY-BATCH.md) under a tag of its choosing; the
 * front end answers {@link #WELCOME}, then one {@link #ANSWER} or {@link #BATCH_REFUSED} per batch
 * with the batch's tag, in the order the batches complete, and {@link #GOODBYE} before it closes a
 * connection that broke the protocol.
 */
public final class StreamWire {
    public static final int VERSION = 1;
    /** The length field and the type byte. */
    public static final int FRAME_HEADER_BYTES = 5;
    public static final int HELLO = 1;
    public static final int BATCH = 2;
    public static final int WELCOME = 3;
    public static final int ANSWER = 4;
    public static final int BATCH_REFUSED = 5;
    public static final int GOODBYE = 6;
    /** An API key is a user ID and a 43-character token; this leaves room and bounds the hello. */
    public static final int KEY_BYTES_MAX = 512;
    /** An idempotency key's bytes, after its one-byte length. */
    public static final int IDEMPOTENCY_KEY_BYTES_MAX = 255;
    /** The bytes before a batch frame's binary batch: type, tag and the idempotency key's length. */
    static final int BATCH_PREFIX_BYTES = 1 + 8 + 1;
    /** The largest frame a client may send (its length field's value): a whole batch with its longest key. */
    public static final int CLIENT_FRAME_BYTES_MAX = BATCH_PREFIX_BYTES + IDEMPOTENCY_KEY_BYTES_MAX + HttpApi.BATCH_BODY_BYTES_MAX;

    private StreamWire() {}

    // ------------------------------------------------------------------ a client's side

    /** The first frame of a connection: the protocol's version and the user's API key. */
    public static byte[] hello(String apiKey) {
        byte[] key = apiKey.getBytes(StandardCharsets.US_ASCII);
        if (key.length > KEY_BYTES_MAX) {
            throw new IllegalArgumentException("an API key of " + key.length + " bytes; at most " + KEY_BYTES_MAX);
        }
        return frame(HELLO, 1 + 2 + key.length).put((byte) VERSION).putShort((short) key.length).put(key).array();
    }

    /**
     * A batch frame up to its binary batch, which follows it: {@code batchBytes} long, under
     * {@code tag}, with an idempotency key or null. Sent apart, so one batch's bytes can go out
     * under many tags without a copy.
     */
    public static byte[] batchHead(long tag, String idempotencyKey, int batchBytes) {
        byte[] key = idempotencyKey == null ? new byte[0] : idempotencyKey.getBytes(StandardCharsets.UTF_8);
        if (key.length > IDEMPOTENCY_KEY_BYTES_MAX) {
            throw new IllegalArgumentException("an idempotency key of " + key.length + " bytes; at most " + IDEMPOTENCY_KEY_BYTES_MAX);
        }
        ByteBuffer head = ByteBuffer.allocate(FRAME_HEADER_BYTES + 8 + 1 + key.length);
        head.putInt(BATCH_PREFIX_BYTES + key.length + batchBytes).put((byte) BATCH).putLong(tag).put((byte) key.length).put(key);
        return head.array();
    }

    /** A frame from the front end, as a client reads it. */
    public sealed interface ServerFrame permits Welcome, Answer, Refused, Goodbye {}

    /** The hello was accepted: the connection acts as {@code userId}. */
    public record Welcome(String userId) implements ServerFrame {}

    /** The binary batch answer of the batch sent under {@code tag}. */
    public record Answer(long tag, byte[] answer) implements ServerFrame {}

    /** The batch sent under {@code tag} was refused as a whole, as the batch endpoint answers 400. */
    public record Refused(long tag, String code, String message) implements ServerFrame {}

    /** The front end closes the connection after this, for the reason given. */
    public record Goodbye(String code, String message) implements ServerFrame {}

    /**
     * Decodes a frame's type and body ({@code bytes[offset, offset + length)}, after the length
     * field); empty when it is not a well-formed frame from a front end. Never throws on bad bytes.
     */
    public static Optional<ServerFrame> decodeServerFrame(byte[] bytes, int offset, int length) {
        if (length < 1) {
            return Optional.empty();
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, offset + 1, length - 1);
        try {
            ServerFrame frame = switch (bytes[offset]) {
                case WELCOME -> body.get() == VERSION ? new Welcome(text(body, body.get() & 0xFF)) : null;
                case ANSWER -> new Answer(body.getLong(), Arrays.copyOfRange(bytes, body.position(), offset + length));
                case BATCH_REFUSED -> new Refused(body.getLong(), text(body, body.get() & 0xFF), text(body, body.getShort() & 0xFFFF));
                case GOODBYE -> new Goodbye(text(body, body.get() & 0xFF), text(body, body.getShort() & 0xFFFF));
                default -> null;
            };
            if (frame instanceof Answer) {
                body.position(offset + length);
            }
            return frame == null || body.hasRemaining() ? Optional.empty() : Optional.of(frame);
        } catch (RuntimeException malformed) {
            // Underflow or a length past the end: not a frame this client can read.
            return Optional.empty();
        }
    }

    private static String text(ByteBuffer body, int length) {
        byte[] text = new byte[length];
        body.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the front end's side

    static byte[] welcome(String userId) {
        byte[] user = ascii(userId, 255);
        return frame(WELCOME, 1 + 1 + user.length).put((byte) VERSION).put((byte) user.length).put(user).array();
    }

    /** The head of an answer frame whose binary batch answer, {@code answerBytes} long, follows it. */
    static byte[] answerHead(long tag, int answerBytes) {
        ByteBuffer head = ByteBuffer.allocate(FRAME_HEADER_BYTES + 8);
        return head.putInt(1 + 8 + answerBytes).put((byte) ANSWER).putLong(tag).array();
    }

    static byte[] refused(long tag, String code, String message) {
        byte[] codeBytes = ascii(code, 255);
        byte[] text = utf8(message);
        return frame(BATCH_REFUSED, 8 + 1 + codeBytes.length + 2 + text.length).putLong(tag)
                .put((byte) codeBytes.length).put(codeBytes).putShort((short) text.length).put(text).array();
    }

    static byte[] goodbye(String code, String message) {
        byte[] codeBytes = ascii(code, 255);
        byte[] text = utf8(message);
        return frame(GOODBYE, 1 + codeBytes.length + 2 + text.length)
                .put((byte) codeBytes.length).put(codeBytes).putShort((short) text.length).put(text).array();
    }

    /** A buffer for a whole frame whose body (after the type byte) is {@code bodyLength} long, with the header written. */
    private static ByteBuffer frame(int type, int bodyLength) {
        return ByteBuffer.allocate(FRAME_HEADER_BYTES + bodyLength).putInt(1 + bodyLength).put((byte) type);
    }

    private static byte[] ascii(String text, int bytesMax) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return bytes.length <= bytesMax ? bytes : Arrays.copyOf(bytes, bytesMax);
    }

    /** Messages are short sentences; one too long for its u16 length is cut, not refused. */
    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 0xFFFF ? bytes : Arrays.copyOf(bytes, 0xFFFF);
    }
}
