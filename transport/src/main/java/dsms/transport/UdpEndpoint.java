package dsms.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * One non-blocking UDP socket with a selector, owned by one event-loop thread. Other channels
 * (a front end's stream clients) may share the selector, so that one wait covers them all.
 *
 * <p>Send failures (a full socket buffer, an unreachable peer) are counted and otherwise treated
 * like packet loss, which the protocol already survives; they never stop the loop.
 */
public final class UdpEndpoint implements Closeable {
    /** Large socket buffers absorb bursts while the loop is busy applying commands. */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final DatagramChannel channel;
    private final Selector selector;
    private long sendFailures;

    private UdpEndpoint(DatagramChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Binds to {@code address} (port 0 picks a free port). */
    public static UdpEndpoint bind(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(address);
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new UdpEndpoint(channel, selector);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Waits until a datagram may be readable or {@code timeoutMillis} passed (0 returns at once). */
    public void await(long timeoutMillis) throws IOException {
        await(timeoutMillis, key -> { });
    }

    /**
     * Waits as {@link #await(long)}, also for the channels {@link #register registered} beside the
     * socket, and hands each of theirs that is ready to {@code others}. The socket's own readiness
     * is not passed on: its datagrams are received by polling after the wait.
     */
    public void await(long timeoutMillis, Consumer<SelectionKey> others) throws IOException {
        if (timeoutMillis <= 0) {
            selector.selectNow();
        } else {
            selector.select(timeoutMillis);
        }
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (key.channel() != channel && key.isValid()) {
                others.accept(key);
            }
        }
    }

    /**
     * Registers another non-blocking channel with this endpoint's selector; its readiness comes out
     * of {@link #await(long, Consumer)}. Called on the loop thread, or before the loop runs.
     */
    public SelectionKey register(SelectableChannel other, int operations, Object attachment) throws IOException {
        return other.register(selector, operations, attachment);
    }

    /** Wakes a thread blocked in {@link #await(long)}, e.g. when a client request was queued. */
    public void wakeUp() {
        selector.wakeup();
    }

    /**
     * Receives one datagram into {@code buffer} (cleared first, flipped after) and returns its
     * source, or null when none is waiting.
     */
    public SocketAddress receive(ByteBuffer buffer) throws IOException {
        buffer.clear();
        SocketAddress source = channel.receive(buffer);
        buffer.flip();
        return source;
    }

    /** Sends one datagram; a failure counts as a lost datagram. */
    public void send(ByteBuffer datagram, InetSocketAddress target) {
        try {
            if (channel.send(datagram, target) == 0) {
                sendFailures++;
            }
        } catch (IOException e) {
            sendFailures++;
        }
    }

    public long sendFailures() {
        return sendFailures;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
