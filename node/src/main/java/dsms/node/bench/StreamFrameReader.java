package dsms.node.bench;

import dsms.node.stream.StreamWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads the stream protocol's frames ({@link StreamWire}) of one connection, incrementally, for the
 * benchmark: an answer frame is a response with status 200 whose body is the binary batch answer,
 * in place; a refused batch or a goodbye is a response with another status whose body explains
 * it. The welcome that follows the hello is skipped. The bytes live in one buffer that grows, up
 * to {@link #FRAME_BYTES_MAX}, only when a larger frame arrives.
 */
final class StreamFrameReader implements ResponseReader {
    /** A whole answer frame; the front end itself reassembles results up to 16 MiB. */
    static final int FRAME_BYTES_MAX = HttpResponseParser.RESPONSE_BYTES_MAX;
    static final int BUFFER_BYTES_INITIAL = 16 * 1024;
    /** A read is offered at least this much free space; with less the buffer grows first. */
    static final int READ_BYTES_MIN = 1024;
    static final int STATUS_ANSWER = 200;
    static final int STATUS_REFUSED = 400;
    static final int STATUS_GOODBYE = 503;
    private static final int ANSWER_PREFIX_BYTES = StreamWire.FRAME_HEADER_BYTES + Long.BYTES;

    private byte[] buffer = new byte[BUFFER_BYTES_INITIAL];
    private ByteBuffer view = ByteBuffer.wrap(buffer);
    /** Bytes received and not yet consumed; the current frame always starts at index 0. */
    private int filled;
    private boolean complete;
    private int status;
    /** Index just after the current frame. */
    private int frameEnd;
    /** The explanation of a refusal or goodbye, which is the body then; null for an answer. */
    private byte[] explanation;

    @Override
    public int readFrom(ReadableByteChannel channel) throws IOException {
        if (buffer.length - filled < READ_BYTES_MIN) {
            grow(filled + READ_BYTES_MIN);
        }
        view.limit(buffer.length).position(filled);
        int count = channel.read(view);
        if (count > 0) {
            filled += count;
        }
        return count;
    }

    @Override
    public boolean parse() throws IOException {
        while (!complete) {
            if (filled < 4) {
                return false;
            }
            int length = ByteBuffer.wrap(buffer, 0, 4).getInt();
            if (length < 1 || length > FRAME_BYTES_MAX - 4) {
                throw new HttpResponseParser.MalformedResponseException("a stream frame of " + length + " bytes");
            }
            if (filled < 4 + length) {
                grow(4 + length);
                return false;
            }
            frameEnd = 4 + length;
            int type = buffer[4];
            if (type == StreamWire.WELCOME) {
                consume();
            } else if (type == StreamWire.ANSWER && length >= 1 + Long.BYTES) {
                status = STATUS_ANSWER;
                complete = true;
            } else if (type == StreamWire.BATCH_REFUSED || type == StreamWire.GOODBYE) {
                StreamWire.ServerFrame frame = StreamWire.decodeServerFrame(buffer, 4, length)
                        .orElseThrow(() -> new HttpResponseParser.MalformedResponseException("a malformed stream frame"));
                String text = frame instanceof StreamWire.Refused refused ? refused.code() + ": " + refused.message()
                        : ((StreamWire.Goodbye) frame).code() + ": " + ((StreamWire.Goodbye) frame).message();
                explanation = text.getBytes(StandardCharsets.UTF_8);
                status = type == StreamWire.GOODBYE ? STATUS_GOODBYE : STATUS_REFUSED;
                complete = true;
            } else {
                throw new HttpResponseParser.MalformedResponseException("a stream frame of type " + type);
            }
        }
        return true;
    }

    /** Frames have lengths: the end of the stream never completes one. */
    @Override
    public boolean endOfStream() {
        return false;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public byte[] bodyArray() {
        return explanation != null ? explanation : buffer;
    }

    @Override
    public int bodyOffset() {
        return explanation != null ? 0 : ANSWER_PREFIX_BYTES;
    }

    @Override
    public int bodyLength() {
        return explanation != null ? explanation.length : frameEnd - ANSWER_PREFIX_BYTES;
    }

    @Override
    public boolean closeAfter() {
        return status == STATUS_GOODBYE;
    }

    @Override
    public void consume() {
        System.arraycopy(buffer, frameEnd, buffer, 0, filled - frameEnd);
        filled -= frameEnd;
        frameEnd = 0;
        complete = false;
        status = 0;
        explanation = null;
    }

    @Override
    public void reset() {
        filled = 0;
        frameEnd = 0;
        complete = false;
        status = 0;
        explanation = null;
    }

    private void grow(int bytesNeeded) throws HttpResponseParser.MalformedResponseException {
        if (bytesNeeded <= buffer.length) {
            return;
        }
        if (bytesNeeded > FRAME_BYTES_MAX) {
            throw new HttpResponseParser.MalformedResponseException("a stream frame larger than " + FRAME_BYTES_MAX + " bytes");
        }
        byte[] larger = new byte[Math.min(FRAME_BYTES_MAX, Math.max(bytesNeeded, buffer.length * 2))];
        System.arraycopy(buffer, 0, larger, 0, filled);
        buffer = larger;
        view = ByteBuffer.wrap(buffer);
    }
}
