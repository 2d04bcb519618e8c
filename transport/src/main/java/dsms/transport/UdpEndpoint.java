package dsms.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One non-blocking UDP socket with a selector, owned by one event-loop thread.
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
        if (timeoutMillis <= 0) {
            selector.selectNow();
        } else {
            selector.select(timeoutMillis);
        }
        selector.selectedKeys().clear();
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
