package dsms.node.stream;

import dsms.node.http.ApiError;
import dsms.node.http.ApiErrorCode;
import dsms.node.http.BinaryBatches;
import dsms.node.security.ApiKeys;
import dsms.protocol.Outbox;
import dsms.transport.NodeDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end's stream protocol ({@link StreamWire}), served by the front end's event loop
 * itself: a batch is read, checked and submitted in the loop's cycle that received it, and its
 * answer is written in the cycle that decided its last operation. No other thread takes part, so a
 * batch passes two fewer hand-overs of the front end's threads than over HTTP (the HTTP server's
 * threads and the answering threads), each a wait for a core on a busy machine.
 *
 * <p>Everything here runs on the loop thread; nothing blocks. Bounds: {@value #CONNECTIONS_MAX}
 * connections (more are told OVERLOADED and closed, unless one of those open has not said hello
 * within {@link #HELLO_WAIT_NS_MAX}: that one makes room), {@value #BATCHES_IN_FLIGHT_PER_CONNECTION_MAX}
 * batches in flight per connection, and no more reading from a connection that has an answer it
 * could not write yet, so its queued output is at most its batches' answers. A frame is at most
 * {@link StreamWire#CLIENT_FRAME_BYTES_MAX} bytes. A client that breaks the protocol is told why
 * ({@link StreamWire#GOODBYE}) and its connection closed; a refused batch is answered with its tag
 * and the connection goes on.
 */
public final class StreamServer implements NodeDriver.ChannelHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamServer.class);
    /** The stream serves a few busy clients (gateways, the benchmark); many small ones use HTTP. */
    static final int CONNECTIONS_MAX = 128;
    /** Enough to keep a connection's pipeline full across a round trip of the cluster. */
    static final int BATCHES_IN_FLIGHT_PER_CONNECTION_MAX = 16;
    /** A connection's input buffer while its frames are small; a larger frame grows it for a while. */
    static final int INPUT_BYTES_INITIAL = 16 * 1024;
    /**
     * A connection that has not said hello after this long gives its place to a new one when every
     * place is taken, so that silent connections cannot lock the clients out.
     */
    static final long HELLO_WAIT_NS_MAX = 10_000_000_000L;
    /** Connections taken per readiness of the listening socket, so a burst of them cannot hold the loop. */
    static final int ACCEPTS_PER_READY_MAX = 64;
    private static final int ACCEPT_BACKLOG = 128;

    private final ServerSocketChannel server;
    private final NodeDriver driver;
    private final ApiKeys keys;
    private final BinaryBatches batches;
    private final Set<StreamConnection> connections = new HashSet<>();
    private final Counters counters = new Counters();

    private StreamServer(ServerSocketChannel server, NodeDriver driver, ApiKeys keys, BinaryBatches batches) {
        this.server = server;
        this.driver = driver;
        this.keys = keys;
        this.batches = batches;
    }

    /**
     * Listens on {@code address} (port 0 picks a free one) and serves the stream on {@code
     * driver}'s loop; called before the loop runs.
     */
    public static StreamServer open(InetSocketAddress address, NodeDriver driver, ApiKeys keys, BinaryBatches batches)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, ACCEPT_BACKLOG);
            server.configureBlocking(false);
            StreamServer stream = new StreamServer(server, driver, keys, batches);
            driver.register(server, SelectionKey.OP_ACCEPT, stream);
            driver.serveChannels(stream);
            return stream;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The port actually bound. */
    public int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    public Counters counters() {
        return counters;
    }

    @Override
    public void onReady(SelectionKey key, Outbox outbox) {
        if (key.attachment() == this) {
            acceptAll();
            return;
        }
        StreamConnection connection = (StreamConnection) key.attachment();
        if (key.isWritable()) {
            flush(connection);
        }
        if (connection.open && key.isValid() && key.isReadable()) {
            read(connection, outbox);
        }
    }

    private void acceptAll() {
        for (int accepted = 0; accepted < ACCEPTS_PER_READY_MAX; accepted++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                counters.acceptFailures++;
                return;
            }
            if (channel == null) {
                return;
            }
            if (connections.size() >= CONNECTIONS_MAX && !evictOneSilent()) {
                refuseConnection(channel);
                continue;
            }
            try {
                channel.configureBlocking(false);
                // Answers are written whole; Nagle's algorithm would only hold them back.
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                StreamConnection connection = new StreamConnection(channel, INPUT_BYTES_INITIAL, System.nanoTime());
                connection.key = driver.register(channel, SelectionKey.OP_READ, connection);
                connections.add(connection);
                counters.connectionsAccepted++;
                counters.connectionsOpen = connections.size();
            } catch (IOException e) {
                counters.acceptFailures++;
                closeQuietly(channel);
            }
        }
    }

    /** Closes a connection that has not said hello within the wait, if there is one; true when it did. */
    private boolean evictOneSilent() {
        long nowNs = System.nanoTime();
        for (StreamConnection connection : connections) {
            if (connection.userId == null && nowNs - connection.acceptedNs >= HELLO_WAIT_NS_MAX) {
                goodbye(connection, ApiErrorCode.NOT_AUTHENTICATED, "no hello within "
                        + HELLO_WAIT_NS_MAX / 1_000_000_000L + " s, and another client needed the place");
                return true;
            }
        }
        return false;
    }

    /** One connection too many: told why in one best-effort write, then closed. */
    private void refuseConnection(SocketChannel channel) {
        counters.connectionsRefused++;
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(StreamWire.goodbye(ApiErrorCode.OVERLOADED.name(), "this front end serves "
                    + CONNECTIONS_MAX + " stream connections at most; retry later or use HTTP")));
        } catch (IOException e) {
            // The client learns it from the close alone.
        }
        closeQuietly(channel);
    }

    private void read(StreamConnection connection, Outbox outbox) {
        int count;
        try {
            count = connection.channel.read(connection.input);
        } catch (IOException e) {
            close(connection);
            return;
        }
        if (count < 0) {
            // The client went away; the answers of its batches still in flight are dropped when they come.
            close(connection);
            return;
        }
        serveFrames(connection, outbox);
    }

    /** Serves the complete frames in the connection's input while it may take more batches. */
    private void serveFrames(StreamConnection connection, Outbox outbox) {
        ByteBuffer input = connection.input.flip();
        while (connection.open && mayRead(connection) && input.remaining() >= 4) {
            int length = input.getInt(input.position());
            if (length < 1 || length > StreamWire.CLIENT_FRAME_BYTES_MAX) {
                goodbye(connection, ApiErrorCode.BAD_REQUEST, "a frame of " + length + " bytes; frames are 1 to "
                        + StreamWire.CLIENT_FRAME_BYTES_MAX + " bytes long");
                return;
            }
            if (input.remaining() < 4 + length) {
                break;
            }
            int start = input.position() + 4;
            input.position(start + length);
            try {
                serveFrame(connection, input.array(), start, length, outbox);
            } catch (RuntimeException bug) {
                // A frame must never stop the loop that serves every client: this connection is
                // closed, as an HTTP server answers 500, and the failure is logged to be fixed.
                counters.frameFailures++;
                LOG.error("serving a stream frame of {} bytes failed; closing the connection", length, bug);
                goodbye(connection, ApiErrorCode.INTERNAL_ERROR, "the front end failed to serve this frame");
                return;
            }
        }
        if (connection.open) {
            keepUnserved(connection);
            updateInterest(connection);
        }
    }

    /** Compacts the input after serving; grows it for a frame larger than it, or shrinks it back once empty. */
    private static void keepUnserved(StreamConnection connection) {
        ByteBuffer input = connection.input.compact();
        if (input.position() >= 4) {
            // A length out of bounds is refused when the frame is served; only a valid one grows the buffer.
            int length = input.getInt(0);
            int needed = 4 + length;
            if (length >= 1 && length <= StreamWire.CLIENT_FRAME_BYTES_MAX && needed > input.capacity()) {
                connection.input = ByteBuffer.allocate(needed).put(input.flip());
            }
        } else if (input.position() == 0 && input.capacity() > INPUT_BYTES_INITIAL) {
            connection.input = ByteBuffer.allocate(INPUT_BYTES_INITIAL);
        }
    }

    private void serveFrame(StreamConnection connection, byte[] bytes, int start, int length, Outbox outbox) {
        int type = bytes[start];
        if (connection.userId == null) {
            if (type == StreamWire.HELLO) {
                hello(connection, bytes, start + 1, length - 1);
            } else {
                goodbye(connection, ApiErrorCode.NOT_AUTHENTICATED, "the first frame of a connection is a hello with "
                        + "the API key (an operator issues keys with 'dsms keys issue USERID')");
            }
        } else if (type == StreamWire.BATCH) {
            batch(connection, bytes, start + 1, length - 1, outbox);
        } else if (type == StreamWire.HELLO) {
            goodbye(connection, ApiErrorCode.BAD_REQUEST, "a connection says hello once");
        } else {
            goodbye(connection, ApiErrorCode.BAD_REQUEST, "unknown frame type " + (type & 0xFF) + "; a client sends "
                    + StreamWire.HELLO + " (hello) and then " + StreamWire.BATCH + " (batch)");
        }
    }

    private void hello(StreamConnection connection, byte[] bytes, int start, int length) {
        if (length < 3 || bytes[start] != StreamWire.VERSION) {
            goodbye(connection, ApiErrorCode.BAD_REQUEST, "a hello is version " + StreamWire.VERSION
                    + ", a 2-byte key length and the key; this front end speaks version " + StreamWire.VERSION);
            return;
        }
        int keyLength = ((bytes[start + 1] & 0xFF) << 8) | (bytes[start + 2] & 0xFF);
        if (keyLength != length - 3 || keyLength > StreamWire.KEY_BYTES_MAX) {
            goodbye(connection, ApiErrorCode.BAD_REQUEST, "the hello's key length " + keyLength
                    + " does not match its frame or is over " + StreamWire.KEY_BYTES_MAX);
            return;
        }
        String key = new String(bytes, start + 3, keyLength, StandardCharsets.US_ASCII);
        String userId = keys.verify(key).orElse(null);
        if (userId == null) {
            goodbye(connection, ApiErrorCode.NOT_AUTHENTICATED, "the API key is not valid for this cluster");
            return;
        }
        connection.userId = userId;
        send(connection, StreamWire.welcome(userId));
    }

    private void batch(StreamConnection connection, byte[] bytes, int start, int length, Outbox outbox) {
        long arrivedNs = System.nanoTime();
        int prefix = StreamWire.BATCH_PREFIX_BYTES - 1;
        int keyLength = length >= prefix ? bytes[start + 8] & 0xFF : -1;
        if (keyLength < 0 || prefix + keyLength > length) {
            goodbye(connection, ApiErrorCode.BAD_REQUEST, "a batch frame is a tag, an idempotency key and a binary batch; "
                    + "this one ends before its binary batch");
            return;
        }
        long tag = ByteBuffer.wrap(bytes, start, 8).getLong();
        String idempotencyKey = keyLength == 0 ? null : new String(bytes, start + prefix, keyLength, StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOfRange(bytes, start + prefix + keyLength, start + length);
        BinaryBatches.Submitted submitted;
        try {
            submitted = batches.submitOnLoop(connection.userId, body, idempotencyKey, outbox, arrivedNs);
        } catch (ApiError refused) {
            counters.batchesRefused++;
            send(connection, StreamWire.refused(tag, refused.code().name(), refused.getMessage()));
            return;
        }
        connection.batchesInFlight++;
        counters.batches++;
        submitted.outcomes().done().thenRun(() -> answered(connection, tag, submitted));
    }

    /** Every outcome of the batch is in: answered at once on the loop thread, else handed to it. */
    private void answered(StreamConnection connection, long tag, BinaryBatches.Submitted submitted) {
        if (driver.onLoopThread()) {
            answer(connection, tag, submitted);
        } else if (!driver.execute(outbox -> answer(connection, tag, submitted))) {
            // Only a retry that joined an HTTP request completes here, and the loop's queue is full:
            // the client is not answered and times out, as it would on a lost connection.
            LOG.warn("the answer to stream batch {} was dropped: the front end's loop is overloaded", tag);
        }
    }

    private void answer(StreamConnection connection, long tag, BinaryBatches.Submitted submitted) {
        connection.batchesInFlight--;
        if (!connection.open) {
            return;
        }
        byte[] answer = batches.answer(submitted, System.nanoTime());
        byte[] head = StreamWire.answerHead(tag, answer.length);
        send(connection, ByteBuffer.allocate(head.length + answer.length).put(head).put(answer).array());
    }

    /** Queues a frame and writes what the socket takes now. */
    private void send(StreamConnection connection, byte[] frame) {
        connection.output.add(ByteBuffer.wrap(frame));
        flush(connection);
    }

    private void flush(StreamConnection connection) {
        while (connection.open && !connection.output.isEmpty()) {
            ByteBuffer next = connection.output.peek();
            try {
                connection.channel.write(next);
            } catch (IOException e) {
                close(connection);
                return;
            }
            if (next.hasRemaining()) {
                break;
            }
            connection.output.poll();
        }
        if (connection.open) {
            updateInterest(connection);
        }
    }

    /** Whether to take more batches from the connection: not while it is full, nor while its client is not reading. */
    private static boolean mayRead(StreamConnection connection) {
        return connection.batchesInFlight < BATCHES_IN_FLIGHT_PER_CONNECTION_MAX && connection.output.isEmpty();
    }

    /**
     * Sets the key's interest from the connection's state. When reading resumes, frames that
     * arrived meanwhile may already wait in the input: they are served in a task of the loop,
     * which has the outbox their batches need.
     */
    private void updateInterest(StreamConnection connection) {
        int interest = (mayRead(connection) ? SelectionKey.OP_READ : 0)
                | (connection.output.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (interest == connection.interest) {
            return;
        }
        boolean resumed = (interest & SelectionKey.OP_READ) != 0 && (connection.interest & SelectionKey.OP_READ) == 0;
        connection.interest = interest;
        connection.key.interestOps(interest);
        if (resumed && connection.input.position() > 0) {
            driver.execute(outbox -> {
                if (connection.open) {
                    serveFrames(connection, outbox);
                }
            });
        }
    }

    /** Tells the client why, in one best-effort write, and closes its connection. */
    private void goodbye(StreamConnection connection, ApiErrorCode code, String message) {
        counters.goodbyes++;
        // Counted with the refused batches; a broken frame has no arrival worth timing.
        batches.refused(code, 0);
        connection.output.clear();
        connection.output.add(ByteBuffer.wrap(StreamWire.goodbye(code.name(), message)));
        flush(connection);
        close(connection);
    }

    private void close(StreamConnection connection) {
        if (!connection.open) {
            return;
        }
        connection.open = false;
        connection.key.cancel();
        closeQuietly(connection.channel);
        connections.remove(connection);
        counters.connectionsOpen = connections.size();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to release on a socket that failed to close.
        }
    }

    /** Closes every connection and the listening socket; called on the loop thread once the loop ended. */
    @Override
    public void close() {
        new ArrayList<>(connections).forEach(this::close);
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing the stream's listening socket failed", e);
        }
    }

    /** For status and metrics; written by the loop thread only. */
    public static final class Counters {
        public volatile long connectionsAccepted;
        public volatile long connectionsRefused;
        public volatile int connectionsOpen;
        public volatile long acceptFailures;
        public volatile long batches;
        public volatile long batchesRefused;
        public volatile long goodbyes;
        /** Frames whose serving failed with a bug; each closed its connection. */
        public volatile long frameFailures;
    }
}
