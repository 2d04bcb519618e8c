package dsms.simulation.cluster;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.market.MarketService;
import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.ManagerAction;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RequestOutcome;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DatagramFormat;
import dsms.protocol.codec.DecodeResult;
import dsms.protocol.codec.RejectionCounters;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.manager.ReplicaManager;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.replica.Replica;
import dsms.protocol.replica.RestoreOutcome;
import dsms.protocol.sequencer.Sequencer;
import dsms.simulation.cluster.SimulationEvent.TickReason;
import dsms.simulation.fault.CrashPoint;
import dsms.simulation.fault.Fault;
import dsms.simulation.fault.WrongResultService;
import dsms.simulation.network.EventQueue;
import dsms.simulation.network.NetworkFaults;
import dsms.simulation.network.SimulatedNetwork;
import dsms.simulation.trace.Trace;
import dsms.simulation.trace.TraceEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A whole cluster in one thread: one front end, one sequencer and n replicas of the share market,
 * running the real protocol code over a seeded {@link SimulatedNetwork}, on a simulated clock.
 *
 * <p>Every datagram is encoded by its sender's {@link DatagramCodec} and decoded by its receiver's,
 * so corruption in flight is caught by the HMAC and counted, as in production. Each node ticks on
 * its own rhythm, and right after each burst of datagrams it handled at one instant.
 *
 * <p>Nodes live in a registry keyed by node ID; a message to a node that is not registered (a
 * replica manager, when the setup runs none) is kept in {@link #managerMessages()}. Faults
 * ({@link Fault}) are carried out when due; crash points ({@link CrashPoint}) kill a replica at a
 * protocol moment. Every random decision comes from the {@code SplittableRandom} given.
 *
 * <p>Each replica has a {@link SimulatedDisk} fed by its deliveries and checkpoints, which outlives
 * its process: a restart rebuilds the replica from it, a replacement wipes it and starts the
 * replica empty, in state transfer. Replica managers' actions become those same faults, due at
 * once, so a trace shows them like planned ones.
 */
public final class SimulatedCluster implements NodeOutbox.Effects {
    /** Simulated time starts at 2024-02-05T09:00:00Z, in nanoseconds since the Unix epoch. */
    public static final long START_NS = 1_707_123_600_000_000_000L;
    /** Events waiting in the agenda; a retransmission storm trips this loudly. */
    public static final int EVENTS_PENDING_MAX = 2_000_000;
    /** Messages kept for nodes that are not simulated; later ones are dropped. */
    public static final int MANAGER_MESSAGES_MAX = 100_000;

    private static final long SEQUENCER_EPOCH = 1;
    private static final int CLUSTER_SECRET_BYTES = 32;

    private final ClusterSetup setup;
    private final EventQueue<SimulationEvent> queue = new EventQueue<>(START_NS, EVENTS_PENDING_MAX);
    private final SimulatedNetwork network;
    private final Trace trace;
    private final ClusterObserver observer;
    private final Map<NodeId, SimulatedNode> nodes = new TreeMap<>();
    private final FrontEnd frontEnd;
    private final Sequencer sequencer;
    private final List<Replica<WrongResultService<MarketService>>> replicas = new ArrayList<>();
    private final List<SimulatedDisk> disks = new ArrayList<>();
    private final List<ReplicaManager> managers = new ArrayList<>();
    /** Per replica: whether a process of it returned wrong results; its disk then holds a wrong table. */
    private final boolean[] wrongOnDisk;
    private final int[] incarnations;
    private final byte[] secret;
    private final List<CrashPoint> armedCrashPoints = new ArrayList<>();
    private final List<ManagerMessage> managerMessages = new ArrayList<>();
    private final List<RequestOutcome> outcomes = new ArrayList<>();
    private ClientDriver clients = ClientDriver.NONE;
    private long eventsProcessed;
    private boolean healed;

    /**
     * Builds the cluster and ticks every node once, as drivers do before the first message.
     *
     * @param random the source of every random decision: the secret, tick rhythms, the network
     * @param weather the network's weather until a fault changes it
     */
    public SimulatedCluster(
            ClusterSetup setup, SplittableRandom random, NetworkFaults weather, Trace trace, ClusterObserver observer) {
        this.setup = setup;
        this.trace = trace;
        this.observer = observer;
        this.secret = new byte[CLUSTER_SECRET_BYTES];
        random.nextBytes(secret);
        ClusterShape shape = setup.shape();
        this.wrongOnDisk = new boolean[shape.replicaCount()];
        this.incarnations = new int[shape.replicaCount()];
        this.frontEnd = new FrontEnd(NodeId.frontEnd(0), setup.deliberateBug().frontEndShape(shape), setup.frontEndConfig());
        this.sequencer = new Sequencer(
                shape.sequencer(), shape, setup.sequencerConfig(), SEQUENCER_EPOCH, DatagramFormat::encodedLengthBytes);
        register(frontEnd, secret, random);
        register(setup.deliberateBug().sequencerRole(sequencer), secret, random);
        for (NodeId id : shape.replicas()) {
            Replica<WrongResultService<MarketService>> replica = newReplica(id);
            replicas.add(replica);
            disks.add(new SimulatedDisk());
            register(setup.deliberateBug().replicaRole(replica), secret, random);
        }
        if (setup.replicaManagers()) {
            for (NodeId id : shape.replicaManagers()) {
                ReplicaManager manager = new ReplicaManager(id, shape, setup.managerConfig());
                managers.add(manager);
                register(manager, secret, random);
            }
        }
        this.network = new SimulatedNetwork(random.split(), weather);
        for (SimulatedNode node : nodes.values()) {
            tickNow(node);
            node.claimPeriodicTick();
            queue.schedule(START_NS + node.tickIntervalNs(), new SimulationEvent.NodeTick(node.id(), TickReason.PERIODIC));
        }
    }

    private Replica<WrongResultService<MarketService>> newReplica(NodeId id) {
        return new Replica<>(
                id,
                setup.shape(),
                setup.deliberateBug().replicaConfig(setup.replicaConfig()),
                setup.recoveryConfig(),
                new WrongResultService<>(new MarketService()),
                AuditSink.NONE);
    }

    private void register(ProtocolRole role, byte[] secret, SplittableRandom random) {
        long tickIntervalNs = random.nextLong(setup.tickIntervalNsMin(), setup.tickIntervalNsMax() + 1);
        nodes.put(role.id(), new SimulatedNode(role, new DatagramCodec(secret), tickIntervalNs, this));
    }

    /** Lets the simulated clients receive answers and timers; set once, before running. */
    public void attachClients(ClientDriver clientDriver) {
        Checks.check(clients == ClientDriver.NONE, "clients are attached once");
        this.clients = clientDriver;
    }

    // ---- Running -------------------------------------------------------------------------------

    /**
     * Runs events until {@code done} holds, or until the next event would be after {@code
     * deadlineNs}. {@code done} is asked before every event.
     *
     * @return whether {@code done} holds
     */
    public boolean runUntil(BooleanSupplier done, long deadlineNs) {
        while (!done.getAsBoolean()) {
            if (queue.isEmpty() || queue.peekTimeNs() > deadlineNs) {
                return false;
            }
            step();
        }
        return true;
    }

    /** Runs every event due within the next {@code durationNs}. */
    public void runFor(long durationNs) {
        runUntil(() -> false, nowNs() + durationNs);
    }

    private void step() {
        SimulationEvent event = queue.next();
        eventsProcessed++;
        if (event instanceof SimulationEvent.DatagramArrival arrival) {
            arrive(arrival.delivery());
        } else if (event instanceof SimulationEvent.NodeTick tick) {
            tick(nodes.get(tick.node()), tick.reason());
        } else if (event instanceof SimulationEvent.ClientWakeUp wakeUp) {
            clients.wakeUp(wakeUp.client(), nowNs());
        } else if (event instanceof SimulationEvent.FaultDue due) {
            apply(due.fault());
        }
    }

    /** Hands a request to the front end, as the HTTP layer does for a client. */
    public SubmitResult submit(RequestId requestId, byte[] command) {
        SimulatedNode node = nodes.get(frontEnd.id());
        Checks.check(node.status() == NodeStatus.UP, "the front end does not fail in this fault model");
        SubmitResult result = frontEnd.submit(requestId, command, node.outbox());
        flush(node);
        return result;
    }

    /** Wakes a client at {@code timeNs}: its think time or retry backoff is over. */
    public void wakeClientAt(long timeNs, int client) {
        queue.schedule(timeNs, new SimulationEvent.ClientWakeUp(client));
    }

    /** Carries out {@code fault} at {@code timeNs}. */
    public void schedule(long timeNs, Fault fault) {
        queue.schedule(timeNs, new SimulationEvent.FaultDue(fault));
    }

    // ---- Datagrams and ticks --------------------------------------------------------------------

    private void arrive(SimulatedNetwork.Delivery delivery) {
        SimulatedNode node = nodes.get(delivery.to());
        switch (node.status()) {
            case CRASHED -> trace.record(nowNs(), node.id(), new TraceEvent.Dropped(delivery.from(), "node is down"));
            case PAUSED -> {
                if (!node.buffer(delivery)) {
                    trace.record(nowNs(), node.id(), new TraceEvent.Dropped(delivery.from(), "socket buffer full"));
                }
            }
            case UP -> receive(node, delivery);
        }
    }

    private void receive(SimulatedNode node, SimulatedNetwork.Delivery delivery) {
        DecodeResult result = node.codec().decode(delivery.datagram());
        if (result instanceof DecodeResult.Rejected rejected) {
            node.rejections().increment(rejected.reason());
            trace.record(nowNs(), node.id(), new TraceEvent.Dropped(delivery.from(), "rejected " + rejected.reason()));
            return;
        }
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        if (crashesBeforeReading(node, decoded.messages())) {
            return;
        }
        trace.record(nowNs(), node.id(), new TraceEvent.Received(decoded.from(), decoded.messages()));
        for (Message message : decoded.messages()) {
            if (node.status() != NodeStatus.UP) {
                break;
            }
            node.role().onMessage(decoded.from(), message, node.outbox());
        }
        flush(node);
        if (node.claimAfterBurstTick()) {
            queue.schedule(nowNs(), new SimulationEvent.NodeTick(node.id(), TickReason.AFTER_BURST));
        }
    }

    private void tick(SimulatedNode node, TickReason reason) {
        if (reason == TickReason.AFTER_BURST) {
            node.releaseAfterBurstTick();
        } else {
            node.releasePeriodicTick();
            if (node.status() != NodeStatus.CRASHED) {
                schedulePeriodicTick(node);
            }
        }
        if (node.status() == NodeStatus.UP) {
            tickNow(node);
        }
    }

    private void schedulePeriodicTick(SimulatedNode node) {
        if (node.claimPeriodicTick()) {
            queue.schedule(nowNs() + node.tickIntervalNs(), new SimulationEvent.NodeTick(node.id(), TickReason.PERIODIC));
        }
    }

    private void tickNow(SimulatedNode node) {
        node.role().onTick(nowNs(), node.outbox());
        NodeOutbox.EffectCounts counts = flush(node);
        if (!counts.isEmpty()) {
            trace.record(nowNs(), node.id(), new TraceEvent.Ticked(counts.messagesSent(), counts.outcomes()));
        }
    }

    /** Sends what the node's last call produced, packed per destination into datagrams. */
    private NodeOutbox.EffectCounts flush(SimulatedNode node) {
        for (Map.Entry<NodeId, List<Message>> destination : node.outbox().takePending().entrySet()) {
            send(node, destination.getKey(), destination.getValue());
        }
        return node.outbox().takeCounts();
    }

    private void send(SimulatedNode node, NodeId to, List<Message> messages) {
        if (!nodes.containsKey(to)) {
            keepForAbsentNode(node.id(), to, messages);
            return;
        }
        int next = 0;
        while (next < messages.size()) {
            ByteBuffer buffer = node.encodingBuffer();
            buffer.clear();
            int end = node.codec().encodeDatagram(node.id(), messages, next, buffer);
            byte[] datagram = Arrays.copyOf(buffer.array(), buffer.position());
            SimulatedNetwork.Fate fate = network.send(nowNs(), node.id(), to, datagram, this::scheduleArrival);
            trace.record(nowNs(), node.id(), new TraceEvent.Sent(to, messages.subList(next, end), datagram.length, fate));
            next = end;
        }
    }

    private void scheduleArrival(long timeNs, SimulatedNetwork.Delivery delivery) {
        queue.schedule(timeNs, new SimulationEvent.DatagramArrival(delivery));
    }

    /** Keeps messages for nodes that are not simulated, up to the bound; they are reports, not traffic. */
    private void keepForAbsentNode(NodeId from, NodeId to, List<Message> messages) {
        for (Message message : messages) {
            if (managerMessages.size() < MANAGER_MESSAGES_MAX) {
                managerMessages.add(new ManagerMessage(from, to, message));
            }
        }
    }

    // ---- Effects of the roles ---------------------------------------------------------------------

    @Override
    public void sent(SimulatedNode node, NodeId to, Message message) {
        if (message instanceof ReplicaResult result && result.chunkIndex() == 0 && result.chunkCount() > 1) {
            crashIfArmed(node, point -> point instanceof CrashPoint.AfterFirstResultChunk
                    && point.requestId().equals(result.requestId()));
        }
    }

    @Override
    public void delivered(SimulatedNode node, Delivery delivery) {
        // On disk before anything reacts, as the process layer logs before it releases the sends.
        disks.get(node.id().index()).append(delivery);
        trace.record(nowNs(), node.id(), new TraceEvent.Delivered(delivery));
        observer.onDelivery(delivery, nowNs());
        crashIfArmed(node, point -> point instanceof CrashPoint.AfterExecuting
                && point.requestId().equals(delivery.requestId()));
    }

    @Override
    public void completed(RequestOutcome outcome) {
        outcomes.add(outcome);
        trace.record(nowNs(), frontEnd.id(), new TraceEvent.Completed(outcome));
        observer.onOutcome(outcome, nowNs());
        clients.onOutcome(outcome, nowNs());
    }

    @Override
    public void checkpointed(SimulatedNode node, CheckpointEvent event) {
        disks.get(node.id().index()).save(event);
        trace.record(nowNs(), node.id(), new TraceEvent.FaultApplied(
                "checkpoint " + event.kind() + " #" + event.checkpoint().sequence() + " " + event.checkpoint().digest()));
        observer.onCheckpoint(event, nowNs());
    }

    /** A manager's decision is carried out as the matching fault, due now, after the manager's call. */
    @Override
    public void acted(SimulatedNode node, ManagerAction action) {
        int replica = action.replica().index();
        schedule(nowNs(), switch (action.kind()) {
            case RESTART -> new Fault.RestartFromDisk(replica);
            case REPLACE -> new Fault.ReplaceEmpty(replica);
        });
    }

    // ---- Faults ---------------------------------------------------------------------------------

    /** Carries out one fault now. */
    public void apply(Fault fault) {
        trace.record(nowNs(), "cluster", new TraceEvent.FaultApplied(fault.describe()));
        FaultActions.apply(fault, this);
        healed |= fault instanceof Fault.HealEverything;
    }

    /** Whether {@link Fault.HealEverything} was carried out: the faulty phase is over. */
    public boolean isHealed() {
        return healed;
    }

    void arm(CrashPoint point) {
        armedCrashPoints.add(point);
    }

    void crash(SimulatedNode node) {
        node.setStatus(NodeStatus.CRASHED);
        node.discardBuffered();
    }

    void pause(SimulatedNode node) {
        if (node.status() == NodeStatus.UP) {
            node.setStatus(NodeStatus.PAUSED);
        }
    }

    /**
     * Kills the replica's process if it runs, then starts a new one on the same address: rebuilt
     * from its disk (newest checkpoint, then the log after it), or empty on a wiped disk and in
     * state transfer before its first tick.
     */
    void restart(int index, boolean fromDisk) {
        SimulatedNode node = node(NodeId.replica(index));
        crash(node);
        // The restart ends the crash episode: a point the old process never reached dies with it.
        armedCrashPoints.removeIf(point -> point.replica() == index);
        SimulatedDisk disk = disks.get(index);
        wrongOnDisk[index] |= replicas.get(index).service().hasBeenWrong();
        if (!fromDisk) {
            disk.wipe();
            wrongOnDisk[index] = false;
        }
        incarnations[index]++;
        Replica<WrongResultService<MarketService>> replica = newReplica(node.id());
        replicas.set(index, replica);
        node.replaceRole(setup.deliberateBug().replicaRole(replica));
        if (index < managers.size()) {
            // As the real manager's supervisor does: the new process's start-up grace counts from now.
            managers.get(index).replicaProcessStarted();
        }
        // Up before the replay: the checkpoints the replay takes go to the disk and the peers.
        node.setStatus(NodeStatus.UP);
        if (fromDisk) {
            boolean restored = disk.checkpoint()
                    .map(checkpoint -> replica.restoreCheckpoint(checkpoint.bytes()) == RestoreOutcome.RESTORED)
                    .orElse(true);
            Checks.check(restored, "%s restores the checkpoint it saved", node.id());
            for (OrderedEntry entry : disk.log()) {
                replica.replay(entry, node.outbox());
            }
        } else {
            replica.startStateTransfer();
        }
        flush(node);
        trace.record(nowNs(), node.id(), new TraceEvent.FaultApplied(
                "incarnation " + incarnations[index] + " starts at #" + replica.lastDeliveredSequence()));
        long checkpointSequence = disk.checkpoint().map(Checkpoint::sequence).orElse(0L);
        observer.onRestart(index, checkpointSequence, replica.lastDeliveredSequence(), nowNs());
        tickNow(node);
        schedulePeriodicTick(node);
    }

    /** Loses the newest logged entries of the replica's disk; tells how many it lost. */
    int corruptLogTail(int index, int entries) {
        return disks.get(index).dropTail(entries);
    }

    /** A paused node goes on: it reads what waited in its socket buffer, then ticks. */
    void resume(SimulatedNode node) {
        if (node.status() != NodeStatus.PAUSED) {
            return;
        }
        node.setStatus(NodeStatus.UP);
        for (SimulatedNetwork.Delivery waiting = node.takeBuffered(); waiting != null; waiting = node.takeBuffered()) {
            if (node.status() == NodeStatus.UP) {
                receive(node, waiting);
            }
        }
        if (node.claimAfterBurstTick()) {
            queue.schedule(nowNs(), new SimulationEvent.NodeTick(node.id(), TickReason.AFTER_BURST));
        }
    }

    private boolean crashesBeforeReading(SimulatedNode node, List<Message> messages) {
        if (!setup.shape().isReplica(node.id())) {
            return false;
        }
        Replica<?> replica = replicas.get(node.id().index());
        for (Message message : messages) {
            if (!(message instanceof OrderedBatch batch)) {
                continue;
            }
            for (OrderedEntry entry : batch.entries()) {
                if (entry.sequence() > replica.lastDeliveredSequence()
                        && crashIfArmed(node, point -> point instanceof CrashPoint.BeforeDelivering
                                && point.requestId().equals(entry.requestId()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Crashes the replica node at the first armed point of it that {@code matches}; tells whether it did. */
    private boolean crashIfArmed(SimulatedNode node, Predicate<CrashPoint> matches) {
        if (armedCrashPoints.isEmpty() || node.id().role() != NodeId.Role.REPLICA) {
            return false;
        }
        for (CrashPoint point : armedCrashPoints) {
            if (point.replica() == node.id().index() && matches.test(point)) {
                armedCrashPoints.remove(point);
                trace.record(nowNs(), node.id(), new TraceEvent.FaultApplied("crash at point: " + point.describe()));
                crash(node);
                return true;
            }
        }
        return false;
    }

    // ---- Views for faults, checkers and tests -------------------------------------------------------

    SimulatedNode node(NodeId id) {
        SimulatedNode node = nodes.get(id);
        Checks.check(node != null, "%s is a node of the cluster", id);
        return node;
    }

    Iterable<SimulatedNode> allNodes() {
        return nodes.values();
    }

    SimulatedNetwork network() {
        return network;
    }

    public long nowNs() {
        return queue.nowNs();
    }

    public ClusterSetup setup() {
        return setup;
    }

    public ClusterShape shape() {
        return setup.shape();
    }

    public FrontEnd frontEnd() {
        return frontEnd;
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    /** The replica's current process. */
    public Replica<WrongResultService<MarketService>> replica(int index) {
        return replicas.get(index);
    }

    /**
     * Whether the replica's state may be wrong: its process returned wrong results, or it was
     * rebuilt from a disk an earlier wrong process wrote (only a replacement cleans that).
     */
    public boolean hasBeenWrong(int index) {
        return wrongOnDisk[index] || replicas.get(index).service().hasBeenWrong();
    }

    /** How many times the replica was restarted or replaced. */
    public int incarnation(int index) {
        return incarnations[index];
    }

    /** The replica managers, by replica index; empty when the setup runs none. */
    public List<ReplicaManager> managers() {
        return Collections.unmodifiableList(managers);
    }

    /** The share market of a replica, behind its wrong-result wrapper. */
    public MarketService market(int index) {
        return replicas.get(index).service().inner();
    }

    public NodeStatus status(NodeId node) {
        return node(node).status();
    }

    /** The datagrams a node's codec rejected, by reason. */
    public RejectionCounters rejections(NodeId node) {
        return node(node).rejections();
    }

    /** Datagrams the receivers' codecs rejected, over every node. */
    public long datagramsRejected() {
        long total = 0;
        for (SimulatedNode node : nodes.values()) {
            total += node.rejections().total();
        }
        return total;
    }

    /** Datagrams dropped because a paused node's socket buffer was full, over every node. */
    public long socketBufferOverflows() {
        long total = 0;
        for (SimulatedNode node : nodes.values()) {
            total += node.socketBufferOverflows();
        }
        return total;
    }

    public SimulatedNetwork.Counters networkCounters() {
        return network.counters();
    }

    /** What the front end told the replica managers, in order, when the setup runs no managers. */
    public List<ManagerMessage> managerMessages() {
        return Collections.unmodifiableList(managerMessages);
    }

    /** Every answer the front end gave, in order. */
    public List<RequestOutcome> outcomes() {
        return Collections.unmodifiableList(outcomes);
    }

    public long eventsProcessed() {
        return eventsProcessed;
    }

    public Trace trace() {
        return trace;
    }
}
