package dsms.transport;

import dsms.core.Checks;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.ManagerAction;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RequestOutcome;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DecodeResult;
import dsms.protocol.codec.RejectionCounters;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The event loop of one process: it drives one protocol role over one UDP socket, the same role
 * code the simulator drives.
 *
 * <p>Each turn of the loop (a duty cycle) receives a bounded burst of datagrams, decodes them and
 * hands every message to the role, runs tasks queued by other threads (a client request arriving
 * over HTTP), ticks the role, and then sends everything the role produced, packed per destination
 * into as few datagrams as fit. Batching per cycle is what makes the path fast: a loopback
 * datagram costs about the same whatever its size.
 *
 * <p>Bad datagrams (forged, truncated, corrupt) are counted by reason and dropped.
 */
public final class NodeDriver implements Runnable {
    /** Enough to amortise a cycle's fixed costs, small enough to tick on time under load. */
    static final int RECEIVE_DATAGRAMS_PER_CYCLE_MAX = 256;
    /**
     * A burst also ends after this long, so that the role is ticked and what it produced is sent
     * on time. Counting datagrams alone was not enough: 256 full batches of ordered entries are
     * tens of milliseconds of a replica's work, and the acknowledgements it sends on its tick came
     * so late that the sequencer took the replica for one that lost entries and sent them again.
     */
    static final long RECEIVE_BURST_NS_MAX = 2_000_000L;
    /** Tasks from other threads wait here; a full queue refuses work instead of growing. */
    public static final int TASKS_QUEUED_MAX = 65_536;
    /**
     * Cycles whose messages wait for their log entries to reach the disk. A force takes a few
     * milliseconds and a cycle at least a few tens of microseconds, so a few hundred are held at
     * most; when this many are, the loop waits for the disk instead of holding more.
     */
    static final int HELD_CYCLES_MAX = 1_024;

    private final ProtocolRole role;
    private final UdpEndpoint endpoint;
    private final DatagramCodec codec;
    private final AddressBook addresses;
    private final EffectListener listener;
    private final LongSupplier clockNs;
    private final long tickIntervalNs;
    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(TASKS_QUEUED_MAX);
    private final BufferedOutbox outbox = new BufferedOutbox();
    /** Cycles whose messages wait for durability, oldest first; they leave in this order. */
    private final ArrayDeque<HeldCycle> held = new ArrayDeque<>();
    private final RejectionCounters rejections = new RejectionCounters();
    private final ByteBuffer receiveBuffer;
    private final ByteBuffer sendBuffer;
    private final TransportCounters counters = new TransportCounters();
    /** One cycle's destinations and their messages, reused from cycle to cycle; see {@link #send}. */
    private final List<List<Message>> sendLists = new ArrayList<>();
    private final List<InetSocketAddress> sendTargets = new ArrayList<>();
    private final List<InetSocketAddress> sameMessagesTargets = new ArrayList<>();
    private volatile boolean running = true;
    private Thread loopThread;
    /** Serves the channels registered beside the UDP socket; none by default. */
    private ChannelHandler channels = (key, effects) -> { };
    /** Made once: a method reference built in every cycle would be an allocation per cycle. */
    private final Consumer<SelectionKey> channelReady = this::channelReady;

    /**
     * @param clockNs the monotonic clock the role's timers run on (System::nanoTime in processes)
     * @param tickIntervalNs how often an idle role is ticked; shorter than its shortest timer
     */
    public NodeDriver(ProtocolRole role, UdpEndpoint endpoint, DatagramCodec codec, AddressBook addresses,
            EffectListener listener, LongSupplier clockNs, long tickIntervalNs) {
        this.role = role;
        this.endpoint = endpoint;
        this.codec = codec;
        this.addresses = addresses;
        this.listener = listener;
        this.clockNs = clockNs;
        this.tickIntervalNs = tickIntervalNs;
        this.receiveBuffer = ByteBuffer.allocateDirect(codec.datagramBytesMax() + 1).order(ByteOrder.BIG_ENDIAN);
        this.sendBuffer = ByteBuffer.allocateDirect(codec.datagramBytesMax()).order(ByteOrder.BIG_ENDIAN);
    }

    /** What the process does with effects other than sends. Called on the loop thread. */
    public interface EffectListener {
        /** A front end finished a client request. */
        default void completed(RequestOutcome outcome) {}

        /** A replica delivered an entry; a durable replica appends it to its log here. */
        default void delivered(Delivery delivery) {}

        /**
         * A replica took or installed a checkpoint. A durable replica saves an installed one here,
         * before the cycle's messages leave, and restarts its log after it; one it took may be
         * saved in the background, its log shortened once it is on disk.
         */
        default void checkpointed(CheckpointEvent event) {}

        /**
         * A replica manager decided to restart or replace its replica; the process carries it out
         * before the manager's next tick (see {@link ManagerAction}).
         */
        default void acted(ManagerAction action) {}

        /**
         * The cycle's messages are about to leave. A durable replica hands its log entries to the
         * disk here (group commit), so that no result leaves before its entry is on disk: it
         * returns 0 when the messages may leave now, or a ticket, and they leave once {@link
         * #durableThrough()} reaches it. Messages always leave in the order of their cycles.
         */
        default long beforeSend() {
            return 0;
        }

        /** The newest ticket of {@link #beforeSend()} that is durable, with every earlier one. */
        default long durableThrough() {
            return Long.MAX_VALUE;
        }

        /** Waits until {@code ticket} is durable; the loop calls it when it holds too many cycles. */
        default void awaitDurable(long ticket) {}

        /** Once per cycle, after sending: a place for periodic work such as status reports. */
        default void afterCycle(long nowNs) {}
    }

    /**
     * Queues {@code task} to run on the loop thread, where it may call the role (e.g. a front
     * end's submit) and put effects in the outbox it is given.
     *
     * @return false when the queue is full: the caller answers "overloaded"
     */
    public boolean execute(Task task) {
        boolean queued = tasks.offer(() -> task.run(outbox));
        if (queued) {
            endpoint.wakeUp();
        }
        return queued;
    }

    /**
     * Serves channels other than the protocol's socket on this loop (a front end's stream
     * clients), so that a client's request reaches the role, and its answer the client, without
     * waking any other thread. Set once, before {@link #run()}.
     */
    public void serveChannels(ChannelHandler handler) {
        Checks.check(loopThread == null, "channels are served from before the loop runs");
        this.channels = handler;
    }

    /**
     * Registers {@code channel} with the loop's selector; its readiness goes to the {@link
     * ChannelHandler}. Called on the loop thread, or before the loop runs.
     */
    public SelectionKey register(SelectableChannel channel, int operations, Object attachment) throws IOException {
        return endpoint.register(channel, operations, attachment);
    }

    /** Whether the caller is the loop thread, where the role and its outbox may be touched. */
    public boolean onLoopThread() {
        return loopThread == Thread.currentThread();
    }

    /** Takes the ready keys of channels registered beside the socket. Called on the loop thread. */
    @FunctionalInterface
    public interface ChannelHandler {
        /** {@code key} is ready; the handler may call the role, which puts its effects in {@code outbox}. */
        void onReady(SelectionKey key, Outbox outbox);
    }

    /** Work handed to the loop thread. */
    @FunctionalInterface
    public interface Task {
        void run(Outbox outbox);
    }

    public RejectionCounters rejections() {
        return rejections;
    }

    public TransportCounters counters() {
        return counters;
    }

    /** Asks the loop to stop after its current cycle. */
    public void stop() {
        running = false;
        endpoint.wakeUp();
    }

    /** Wakes the loop from another thread, for example when held messages became durable. */
    public void wakeUp() {
        endpoint.wakeUp();
    }

    /** Cycles whose messages wait for durability now, for tests and status. */
    public int heldCycles() {
        return held.size();
    }

    @Override
    public void run() {
        loopThread = Thread.currentThread();
        long nextTickNs = clockNs.getAsLong();
        role.onTick(nextTickNs, outbox);
        sendAll();
        while (running) {
            long waitNs = nextTickNs - clockNs.getAsLong();
            try {
                endpoint.await(waitNs <= 0 ? 0 : Math.max(1, waitNs / 1_000_000), channelReady);
                receiveBurst();
            } catch (IOException e) {
                // A socket error is treated like loss for this cycle; the protocol retransmits.
                counters.receiveErrors++;
            }
            runTasks();
            long nowNs = clockNs.getAsLong();
            role.onTick(nowNs, outbox);
            if (nowNs >= nextTickNs) {
                nextTickNs = nowNs + tickIntervalNs;
            }
            sendAll();
            listener.afterCycle(nowNs);
        }
        // Messages already decided on still leave, once durable, so that a clean stop answers them.
        if (!held.isEmpty()) {
            listener.awaitDurable(held.peekLast().ticket());
            releaseDurable();
        }
    }

    private void channelReady(SelectionKey key) {
        channels.onReady(key, outbox);
    }

    private void receiveBurst() throws IOException {
        long burstEndNs = clockNs.getAsLong() + RECEIVE_BURST_NS_MAX;
        for (int received = 0; received < RECEIVE_DATAGRAMS_PER_CYCLE_MAX; received++) {
            if (received > 0 && clockNs.getAsLong() >= burstEndNs) {
                return;
            }
            SocketAddress source = endpoint.receive(receiveBuffer);
            if (source == null) {
                return;
            }
            counters.datagramsReceived++;
            if (receiveBuffer.remaining() > codec.datagramBytesMax()) {
                counters.oversizeDatagrams++;
                continue;
            }
            DecodeResult result = codec.decode(receiveBuffer);
            if (result instanceof DecodeResult.Rejected rejected) {
                rejections.increment(rejected.reason());
            } else if (result instanceof DecodeResult.Decoded decoded) {
                for (Message message : decoded.messages()) {
                    role.onMessage(decoded.from(), message, outbox);
                }
            }
        }
    }

    private void runTasks() {
        Checks.check(loopThread == Thread.currentThread(), "tasks run on the loop thread");
        for (int ran = 0; ran < TASKS_QUEUED_MAX; ran++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    private void sendAll() {
        releaseDurable();
        if (outbox.pending.isEmpty()) {
            return;
        }
        long ticket = listener.beforeSend();
        if (held.isEmpty() && ticket <= listener.durableThrough()) {
            send(outbox.pending);
            outbox.pending.clear();
            return;
        }
        if (held.size() == HELD_CYCLES_MAX) {
            listener.awaitDurable(held.peekFirst().ticket());
            releaseDurable();
        }
        held.addLast(new HeldCycle(ticket, outbox.pending));
        outbox.pending = new LinkedHashMap<>();
    }

    /** Sends the held cycles that became durable, oldest first, up to the first that is not. */
    private void releaseDurable() {
        if (held.isEmpty()) {
            return;
        }
        long durable = listener.durableThrough();
        while (!held.isEmpty() && held.peekFirst().ticket() <= durable) {
            send(held.pollFirst().messages());
        }
    }

    /**
     * Sends each destination its messages. Destinations given the very same messages (a
     * sequencer's new entries go to every replica) share one encoding: the datagram names its
     * sender, not its receiver, so it is encoded and signed once and sent to each of them, as a
     * multicast would. Encoding and signing those batches three times was about a tenth of a
     * sequencer's time under load.
     */
    private void send(Map<NodeId, List<Message>> messagesByDestination) {
        for (Map.Entry<NodeId, List<Message>> destination : messagesByDestination.entrySet()) {
            InetSocketAddress target = addresses.addressOf(destination.getKey());
            if (target == null) {
                counters.unknownDestinations++;
                continue;
            }
            sendLists.add(destination.getValue());
            sendTargets.add(target);
        }
        for (int first = 0; first < sendLists.size(); first++) {
            List<Message> messages = sendLists.get(first);
            if (messages == null) {
                continue; // sent already, with an earlier destination's identical messages
            }
            sameMessagesTargets.clear();
            sameMessagesTargets.add(sendTargets.get(first));
            for (int later = first + 1; later < sendLists.size(); later++) {
                if (sameMessages(messages, sendLists.get(later))) {
                    sameMessagesTargets.add(sendTargets.get(later));
                    sendLists.set(later, null);
                }
            }
            sendToEach(messages, sameMessagesTargets);
        }
        // Emptied after use, so that no message outlives its cycle here.
        sendLists.clear();
        sendTargets.clear();
        sameMessagesTargets.clear();
    }

    /** Encodes {@code messages} into datagrams once and sends each datagram to every target. */
    private void sendToEach(List<Message> messages, List<InetSocketAddress> targets) {
        int next = 0;
        while (next < messages.size()) {
            sendBuffer.clear();
            next = codec.encodeDatagram(role.id(), messages, next, sendBuffer);
            sendBuffer.flip();
            counters.datagramsEncoded++;
            for (InetSocketAddress target : targets) {
                // A send consumes the buffer; every target gets the same bytes from the start.
                sendBuffer.position(0);
                endpoint.send(sendBuffer, target);
                counters.datagramsSent++;
            }
        }
    }

    /** Whether both lists hold the same message objects in the same order; null holds none. */
    private static boolean sameMessages(List<Message> messages, List<Message> other) {
        if (other == null || other.size() != messages.size()) {
            return false;
        }
        for (int index = 0; index < messages.size(); index++) {
            if (other.get(index) != messages.get(index)) {
                return false;
            }
        }
        return true;
    }

    /** One cycle's messages, waiting until its log entries are durable. */
    private record HeldCycle(long ticket, Map<NodeId, List<Message>> messages) {}

    /** Collects one cycle's effects: sends wait per destination, other effects go straight out. */
    private final class BufferedOutbox implements Outbox {
        private Map<NodeId, List<Message>> pending = new LinkedHashMap<>();

        @Override
        public void send(NodeId to, Message message) {
            pending.computeIfAbsent(to, node -> new ArrayList<>()).add(message);
        }

        @Override
        public void complete(RequestOutcome outcome) {
            listener.completed(outcome);
        }

        @Override
        public void delivered(Delivery delivery) {
            listener.delivered(delivery);
        }

        @Override
        public void checkpointed(CheckpointEvent event) {
            listener.checkpointed(event);
        }

        @Override
        public void act(ManagerAction action) {
            listener.acted(action);
        }
    }

    /** Datagram counts for status and metrics. Written by the loop thread only. */
    public static final class TransportCounters {
        public volatile long datagramsReceived;
        public volatile long datagramsSent;
        /** Datagrams encoded and signed: fewer than sent when destinations share their messages. */
        public volatile long datagramsEncoded;
        public volatile long oversizeDatagrams;
        public volatile long unknownDestinations;
        public volatile long receiveErrors;
    }
}
