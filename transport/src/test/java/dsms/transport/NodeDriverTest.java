package dsms.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DecodeResult;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.RequestId;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
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

    /** Answers every acknowledgement it receives with the same one to {@link #PEER}. */
    private static final class EchoRole implements ProtocolRole {
        static final NodeId PEER = NodeId.replica(1);

        @Override
        public NodeId id() {
            return NodeId.replica(0);
        }

        @Override
        public void onMessage(NodeId from, Message message, Outbox outbox) {
            outbox.send(PEER, message);
        }

        @Override
        public void onTick(long nowNs, Outbox outbox) {}
    }

    /** Durability as the test decides it: each cycle gets {@code nextTicket}, durable up to {@code durable}. */
    private static final class ScriptedDisk implements NodeDriver.EffectListener {
        volatile long nextTicket;
        volatile long durable;

        @Override
        public long beforeSend() {
            return nextTicket;
        }

        @Override
        public long durableThrough() {
            return durable;
        }

        /** The ticket the loop last waited for; waiting makes it durable at once. */
        volatile long awaited;

        @Override
        public void awaitDurable(long ticket) {
            awaited = ticket;
            durable = Math.max(durable, ticket);
        }
    }

    /** An echo loop running over real sockets with a scripted disk, and the sockets around it. */
    private record EchoLoop(DatagramCodec codec, ScriptedDisk disk, NodeDriver driver, Thread loop, UdpEndpoint endpoint,
            DatagramChannel sender, DatagramSocket peer) {
        void send(long sequence) throws Exception {
            sendAck(codec, sender, endpoint, sequence);
        }

        long received() throws Exception {
            return receiveAck(codec, peer);
        }

        void stop() throws InterruptedException {
            driver.stop();
            loop.join(5_000);
        }
    }

    @FunctionalInterface
    private interface EchoScenario {
        void run(EchoLoop echo) throws Exception;
    }

    /** Runs {@code scenario} with a started echo loop; the loop is stopped afterwards if it still runs. */
    private static void withEchoLoop(EchoScenario scenario) throws Exception {
        DatagramCodec codec = new DatagramCodec(new byte[32]);
        ScriptedDisk disk = new ScriptedDisk();
        try (UdpEndpoint endpoint = UdpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramChannel sender = DatagramChannel.open();
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            peer.setSoTimeout(5_000);
            AddressBook addresses = new AddressBook(Map.of(EchoRole.PEER, (InetSocketAddress) peer.getLocalSocketAddress()));
            // The loop gets a codec of its own: a codec is not thread-safe, and the test thread
            // encodes and decodes with the other one while the loop sends.
            NodeDriver driver = new NodeDriver(new EchoRole(), endpoint, new DatagramCodec(new byte[32]), addresses, disk,
                    System::nanoTime, MILLISECOND_NS);
            Thread loop = new Thread(driver, "node-driver-test");
            loop.start();
            EchoLoop echo = new EchoLoop(codec, disk, driver, loop, endpoint, sender, peer);
            try {
                scenario.run(echo);
            } finally {
                echo.stop();
            }
        }
    }

    @Test
    void shouldHoldACyclesMessagesUntilItsTicketIsDurableAndLaterCyclesBehindIt() throws Exception {
        withEchoLoop(echo -> {
            echo.disk().nextTicket = 1;
            echo.send(1);
            awaitHeldCycles(echo.driver(), 1);
            // This cycle needs no force, yet its messages may not overtake the held ones.
            echo.disk().nextTicket = 0;
            echo.send(2);
            awaitHeldCycles(echo.driver(), 2);

            echo.disk().durable = 1;
            echo.driver().wakeUp();

            assertThat(echo.received()).isEqualTo(1);
            assertThat(echo.received()).isEqualTo(2);
            awaitHeldCycles(echo.driver(), 0);
        });
    }

    @Test
    void shouldSendTheHeldMessagesOnceDurableWhenItStops() throws Exception {
        withEchoLoop(echo -> {
            echo.disk().nextTicket = 7;
            echo.send(1);
            awaitHeldCycles(echo.driver(), 1);

            echo.stop();

            assertThat(echo.disk().awaited).as("the loop waited for the held cycle's ticket").isEqualTo(7);
            assertThat(echo.received()).isEqualTo(1);
        });
    }

    @Test
    void shouldWaitForTheDiskOnceItHoldsTheMostCyclesAndSendEveryHeldCycleInOrder() throws Exception {
        withEchoLoop(echo -> {
            echo.disk().nextTicket = 5;
            for (int cycle = 1; cycle <= NodeDriver.HELD_CYCLES_MAX; cycle++) {
                echo.send(cycle);
                awaitHeldCycles(echo.driver(), cycle);
            }
            assertThat(echo.disk().awaited).as("nothing waited for the disk below the bound").isZero();
            assertThat(echo.driver().counters().datagramsSent).isZero();

            echo.send(NodeDriver.HELD_CYCLES_MAX + 1);

            // All 1,025 cycles leave, one datagram each, in cycle order. The peer's socket may drop
            // some of a burst this size (its receive buffer is the kernel's), but never reorders.
            long deadlineNs = System.nanoTime() + 5_000 * MILLISECOND_NS;
            while (echo.driver().counters().datagramsSent < NodeDriver.HELD_CYCLES_MAX + 1) {
                assertThat(System.nanoTime()).as("every held cycle sent within 5 s").isLessThan(deadlineNs);
                Thread.onSpinWait();
            }
            assertThat(echo.driver().counters().datagramsSent).isEqualTo(NodeDriver.HELD_CYCLES_MAX + 1);
            echo.peer().setSoTimeout(200);
            List<Long> received = new ArrayList<>();
            try {
                while (true) {
                    received.add(echo.received());
                }
            } catch (java.net.SocketTimeoutException drained) {
                assertThat(received).as("acknowledgements arrive in cycle order").isNotEmpty().isSorted()
                        .doesNotHaveDuplicates().startsWith(1L);
            }
            assertThat(echo.disk().awaited).as("the loop waited for the oldest held cycle").isEqualTo(5);
        });
    }

    /** Sends, once, the same requests to three replicas and one request of its own to a front end. */
    private static final class MulticastRole implements ProtocolRole {
        static final List<NodeId> REPLICAS = List.of(NodeId.replica(0), NodeId.replica(1), NodeId.replica(2));
        static final NodeId FRONT_END = NodeId.frontEnd(0);
        /** Each nearly fills a command; 40 of them need three datagrams. */
        static final int REQUESTS = 40;
        private boolean sent;

        @Override
        public NodeId id() {
            return NodeId.sequencer(0);
        }

        @Override
        public void onMessage(NodeId from, Message message, Outbox outbox) {}

        @Override
        public void onTick(long nowNs, Outbox outbox) {
            if (sent) {
                return;
            }
            sent = true;
            List<Message> requests = new ArrayList<>();
            for (int counter = 0; counter < REQUESTS; counter++) {
                byte[] command = new byte[4_000];
                command[0] = (byte) counter;
                requests.add(new ClientRequest(new RequestId(7, counter), command));
            }
            for (NodeId replica : REPLICAS) {
                for (Message request : requests) {
                    outbox.send(replica, request);
                }
            }
            outbox.send(FRONT_END, new ClientRequest(new RequestId(8, 0), new byte[] {42}));
        }
    }

    @Test
    void shouldEncodeMessagesSharedByDestinationsOnceAndSendEveryDestinationAllOfThemInOrder() throws Exception {
        DatagramCodec codec = new DatagramCodec(new byte[32]);
        List<DatagramSocket> peers = new ArrayList<>();
        try (UdpEndpoint endpoint = UdpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0))) {
            Map<NodeId, InetSocketAddress> book = new java.util.HashMap<>();
            for (NodeId node : List.of(NodeId.replica(0), NodeId.replica(1), NodeId.replica(2), MulticastRole.FRONT_END)) {
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                peer.setSoTimeout(5_000);
                peers.add(peer);
                book.put(node, (InetSocketAddress) peer.getLocalSocketAddress());
            }
            NodeDriver driver = new NodeDriver(new MulticastRole(), endpoint, new DatagramCodec(new byte[32]),
                    new AddressBook(book), new NodeDriver.EffectListener() {}, System::nanoTime, MILLISECOND_NS);
            Thread loop = new Thread(driver, "node-driver-test");
            loop.start();
            try {
                for (int replica = 0; replica < 3; replica++) {
                    List<Long> counters = new ArrayList<>();
                    while (counters.size() < MulticastRole.REQUESTS) {
                        for (Message message : receiveMessages(codec, peers.get(replica))) {
                            ClientRequest request = (ClientRequest) message;
                            assertThat(request.command()[0]).isEqualTo((byte) request.requestId().counter());
                            counters.add(request.requestId().counter());
                        }
                    }
                    assertThat(counters).as("replica %d gets every request, in order", replica)
                            .containsExactlyElementsOf(java.util.stream.LongStream.range(0, MulticastRole.REQUESTS)
                                    .boxed().toList());
                }
                List<Message> own = receiveMessages(codec, peers.get(3));
                assertThat(own).hasSize(1);
                assertThat(((ClientRequest) own.get(0)).requestId()).isEqualTo(new RequestId(8, 0));
            } finally {
                driver.stop();
                loop.join(5_000);
                peers.forEach(DatagramSocket::close);
            }
            // Three datagrams to each replica, encoded once for all three, and one to the front end.
            assertThat(driver.counters().datagramsSent).isEqualTo(10);
            assertThat(driver.counters().datagramsEncoded).isEqualTo(4);
        }
    }

    private static List<Message> receiveMessages(DatagramCodec codec, DatagramSocket peer) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[codec.datagramBytesMax()], codec.datagramBytesMax());
        peer.receive(packet);
        DecodeResult decoded = codec.decode(packet.getData(), 0, packet.getLength());
        assertThat(decoded).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) decoded).messages();
    }

    private static void sendAck(DatagramCodec codec, DatagramChannel sender, UdpEndpoint endpoint, long sequence)
            throws Exception {
        byte[] datagram = codec.encode(NodeId.sequencer(0), List.of(new ReplicaAck(sequence))).get(0);
        sender.send(ByteBuffer.wrap(datagram), endpoint.localAddress());
    }

    private static long receiveAck(DatagramCodec codec, DatagramSocket peer) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[codec.datagramBytesMax()], codec.datagramBytesMax());
        peer.receive(packet);
        DecodeResult decoded = codec.decode(packet.getData(), 0, packet.getLength());
        Message message = ((DecodeResult.Decoded) decoded).messages().get(0);
        return ((ReplicaAck) message).highestContiguousSequence();
    }

    /** Waits for the loop to hold {@code cycles} cycles; fails after 5 s. */
    private static void awaitHeldCycles(NodeDriver driver, int cycles) {
        long deadlineNs = System.nanoTime() + 5_000 * MILLISECOND_NS;
        while (driver.heldCycles() != cycles) {
            assertThat(System.nanoTime()).as("%d cycles held within 5 s", cycles).isLessThan(deadlineNs);
            Thread.onSpinWait();
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
