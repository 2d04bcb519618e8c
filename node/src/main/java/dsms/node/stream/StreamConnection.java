package dsms.node.stream;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/** One client connection of the stream protocol; touched by the front end's loop thread only. */
final class StreamConnection {
    final SocketChannel channel;
    /** When the connection was accepted (System.nanoTime), for the wait for its hello. */
    final long acceptedNs;
    SelectionKey key;
    /** Bytes received and not yet served, in write mode; grows for a large frame, shrinks back once it is served. */
    ByteBuffer input;
    /** Frames to write, oldest first: at most an answer per batch in flight and one more frame (see {@link StreamServer}). */
    final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    /** The acting user, from the hello's key; null until then. */
    String userId;
    /** Batches submitted and not answered yet; reading stops at {@link StreamServer#BATCHES_IN_FLIGHT_PER_CONNECTION_MAX}. */
    int batchesInFlight;
    /** The interest the key has now, kept here so the hot path changes it only when needed. */
    int interest = SelectionKey.OP_READ;
    boolean open = true;

    StreamConnection(SocketChannel channel, int inputBytes, long acceptedNs) {
        this.channel = channel;
        this.acceptedNs = acceptedNs;
        this.input = ByteBuffer.allocate(inputBytes);
    }
}
