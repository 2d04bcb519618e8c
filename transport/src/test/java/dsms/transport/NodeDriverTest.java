package dsms.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaAck;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeDriverTest {
    private static final int DATAGRAMS = 20;
    private static final long MILLISECOND_NS = 1_000_000L;

    /** Records what the driver hands it, in order: "m" per message, "t" per tick. */
    private static final class RecordingRole implements ProtocolRole {
        private final List<String> events = new ArrayList<>();
        private volatile int messages;

        @Override
        public NodeId id() {
            return NodeId.sequencer(0);
        }

        @Override
        public void onMessage(NodeId from, Message message, Outbox outbox) {
            events.add("m");
            messages++;
        }

        @Override
        public void onTick(long nowNs, Outbox outbox) {
            events.add("t");
        }
    }

    @Test
    void shouldTickBetweenDatagramsOnceABurstHasUsedItsTime() throws Exception {
        DatagramCodec codec = new DatagramCodec(new byte[32]);
        RecordingRole role = new RecordingRole();
        try (UdpEndpoint endpoint = UdpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramChannel sender = DatagramChannel.open()) {
            for (long sequence = 1; sequence <= DATAGRAMS; sequence++) {
                byte[] datagram = codec.encode(NodeId.replica(0), List.of(new ReplicaAck(sequence))).get(0);
                sender.send(ByteBuffer.wrap(datagram), endpoint.localAddress());
            }
            // A clock that moves a millisecond each time it is read: a burst's time runs out after
            // a couple of datagrams, although all twenty wait in the socket.
            AtomicLong clockNs = new AtomicLong();
            NodeDriver driver = new NodeDriver(role, endpoint, codec, new AddressBook(Map.of()),
                    new NodeDriver.EffectListener() {}, () -> clockNs.addAndGet(MILLISECOND_NS), 1_000 * MILLISECOND_NS);
            Thread loop = new Thread(driver, "node-driver-test");
            loop.start();
            long deadlineNs = System.nanoTime() + 5_000 * MILLISECOND_NS;
            while (role.messages < DATAGRAMS && System.nanoTime() < deadlineNs) {
                Thread.sleep(5);
            }
            driver.stop();
            loop.join(5_000);
        }

        assertThat(role.messages).isEqualTo(DATAGRAMS);
        int longestRun = 0;
        int run = 0;
        synchronized (role.events) {
            for (String event : role.events) {
                run = event.equals("m") ? run + 1 : 0;
                longestRun = Math.max(longestRun, run);
            }
        }
        assertThat(longestRun).as("messages handled between two ticks")
                .isLessThanOrEqualTo((int) (NodeDriver.RECEIVE_BURST_NS_MAX / MILLISECOND_NS));
    }
}
