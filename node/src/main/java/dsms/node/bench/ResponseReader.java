package dsms.node.bench;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads a connection's answers incrementally for a {@link BenchLoop}: HTTP/1.1 responses ({@link
 * HttpResponseParser}) or the stream protocol's frames ({@link StreamFrameReader}). One answer is
 * current at a time; {@link #consume()} moves past it.
 */
interface ResponseReader {
    /** Reads what the channel has; the count, or -1 at the end of the stream. */
    int readFrom(ReadableByteChannel channel) throws IOException;

    /** Advances over what has arrived; true once the current answer is complete. */
    boolean parse() throws IOException;

    /** At the end of the stream: true when that completed the current answer. */
    boolean endOfStream() throws IOException;

    /** 200 for an answer with results; anything else is a refusal, explained by the body. */
    int status();

    byte[] bodyArray();

    int bodyOffset();

    int bodyLength();

    /** Whether the server closes the connection after this answer. */
    boolean closeAfter();

    /** Drops the current answer, keeping bytes of the next that arrived with it. */
    void consume();

    /** Forgets everything, for a new connection. */
    void reset();
}
