package dsms.protocol.cluster;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.Envelope;
import dsms.protocol.ManagerAction;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RegisterService;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.manager.ReplicaManager;
import dsms.protocol.manager.ReplicaManagerConfig;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import dsms.protocol.replica.RecoveryConfig;
import dsms.protocol.replica.Replica;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.replica.RestoreOutcome;
import dsms.protocol.sequencer.OrderedEntrySizer;
import dsms.protocol.sequencer.Sequencer;
import dsms.protocol.sequencer.SequencerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * One front end, one sequencer, n replicas and, optionally, their n replica managers, wired by an
 * in-memory network, in one thread, for end-to-end tests of the protocol roles. Time advances in
 * fixed steps; in each step every message due is delivered, then every live role ticks, then the
 * managers' actions are carried out, as a driver does before the managers' next tick.
 *
 * <p>Without managers, messages to replica managers are only recorded. A crashed replica receives
 * nothing and never ticks again until its manager restarts it. Each replica has a {@link
 * ReplicaDisk}: a restart recovers from it (its checkpoint, then its log), a replacement wipes it
 * and recovers from the peers.
 */
final class InMemoryCluster {
    static final long MILLISECOND_NS = 1_000_000L;
    private static final long START_NS = 1_700_000_000_000L * MILLISECOND_NS;

    /** Builds the service of a replica's incarnation: 0 for the first process, then 1, 2... */
    @FunctionalInterface
    interface ServiceFactory {
        RegisterService create(int replica, int incarnation);
    }

    private final ClusterShape shape;
    private final Links links;
    private final long stepNs;
    private final ReplicaConfig replicaConfig;
    private final RecoveryConfig recoveryConfig;
    private final ServiceFactory services;
    private final FrontEnd frontEnd;
    private final Sequencer sequencer;
    private final List<Replica<RegisterService>> replicas = new ArrayList<>();
    private final List<ReplicaManager> managers = new ArrayList<>();
    private final List<ReplicaDisk> disks = new ArrayList<>();
    private final int[] incarnations;
    private final Map<NodeId, ProtocolRole> roles = new LinkedHashMap<>();
    private final PriorityQueue<InFlight> network =
            new PriorityQueue<>(Comparator.comparingLong(InFlight::deliverAtNs).thenComparingLong(InFlight::order));
    private final Set<NodeId> crashed = new HashSet<>();
    private final Set<NodeId> isolated = new HashSet<>();
    private final Map<RequestId, List<RequestOutcome>> outcomes = new LinkedHashMap<>();
    private final Map<RequestId, Integer> acceptedSubmits = new LinkedHashMap<>();
    private final Map<NodeId, List<Delivery>> deliveries = new LinkedHashMap<>();
    private final Map<NodeId, List<CheckpointEvent>> checkpointEvents = new LinkedHashMap<>();
    private final List<Message> managerMessages = new ArrayList<>();
    private final List<Envelope> replicaMessages = new ArrayList<>();
    private final List<ManagerAction> actionsDue = new ArrayList<>();
    private final List<ManagerAction> actionsTaken = new ArrayList<>();
    private long nowNs = START_NS;
    private long sendOrder;

    InMemoryCluster(
            ClusterShape shape,
            Links links,
            long stepNs,
            FrontEndConfig frontEndConfig,
            SequencerConfig sequencerConfig,
            ReplicaConfig replicaConfig,
            IntFunction<RegisterService> services) {
        this(builder(shape)
                .links(links)
                .stepNs(stepNs)
                .frontEndConfig(frontEndConfig)
                .sequencerConfig(sequencerConfig)
                .replicaConfig(replicaConfig)
                .services((replica, incarnation) -> services.apply(replica)));
    }

    private InMemoryCluster(Builder builder) {
        this.shape = builder.shape;
        this.links = builder.links;
        this.stepNs = builder.stepNs;
        this.replicaConfig = builder.replicaConfig;
        this.recoveryConfig = builder.recoveryConfig;
        this.services = builder.services;
        this.incarnations = new int[shape.replicaCount()];
        this.frontEnd = new FrontEnd(NodeId.frontEnd(0), shape, builder.frontEndConfig);
        this.sequencer = new Sequencer(
                shape.sequencer(), shape, builder.sequencerConfig, 1, OrderedEntrySizer.UPPER_BOUND_ESTIMATE);
        roles.put(frontEnd.id(), frontEnd);
        roles.put(sequencer.id(), sequencer);
        for (NodeId id : shape.replicas()) {
            Replica<RegisterService> replica = newReplica(id.index());
            replicas.add(replica);
            disks.add(new ReplicaDisk());
            roles.put(id, replica);
            deliveries.put(id, new ArrayList<>());
            checkpointEvents.put(id, new ArrayList<>());
        }
        builder.managerConfig.ifPresent(config -> {
            for (NodeId id : shape.replicaManagers()) {
                ReplicaManager manager = new ReplicaManager(id, shape, config);
                managers.add(manager);
                roles.put(id, manager);
            }
        });
        tickEveryLiveRole();
    }

    static Builder builder(ClusterShape shape) {
        return new Builder(shape);
    }

    static InMemoryCluster lossless(ClusterShape shape) {
        return builder(shape).build();
    }

    private Replica<RegisterService> newReplica(int index) {
        return new Replica<>(
                NodeId.replica(index),
                shape,
                replicaConfig,
                recoveryConfig,
                services.create(index, incarnations[index]),
                AuditSink.NONE);
    }

    SubmitResult submit(RequestId requestId, byte[] command) {
        SubmitResult result = frontEnd.submit(requestId, command, outboxOf(frontEnd.id()));
        if (result == SubmitResult.ACCEPTED) {
            acceptedSubmits.merge(requestId, 1, Integer::sum);
        }
        return result;
    }

    /**
     * Submits again, with the same ID, every request whose latest outcome was not agreed: what a
     * client does after a system error. Returns how many were submitted again.
     */
    int retryUnagreedRequests(Map<RequestId, byte[]> commands) {
        int retried = 0;
        for (Map.Entry<RequestId, List<RequestOutcome>> entry : List.copyOf(outcomes.entrySet())) {
            List<RequestOutcome> answers = entry.getValue();
            if (answers.get(answers.size() - 1).status() != RequestOutcome.Status.AGREED
                    && submit(entry.getKey(), commands.get(entry.getKey())) == SubmitResult.ACCEPTED) {
                retried++;
            }
        }
        return retried;
    }

    /** Cuts a replica off the network, both ways, until {@link #heal}; it keeps ticking. */
    void isolate(int replica) {
        isolated.add(NodeId.replica(replica));
    }

    void heal(int replica) {
        isolated.remove(NodeId.replica(replica));
    }

    /** Stops a replica as kill -9 would: it receives nothing and does nothing from now on. */
    void crash(int replica) {
        crashed.add(NodeId.replica(replica));
    }

    void runFor(long durationNs) {
        long endNs = nowNs + durationNs;
        while (nowNs < endNs) {
            step();
        }
    }

    /** Runs until {@code done} holds; fails if it does not within {@code durationNsMax}. */
    void runUntil(BooleanSupplier done, long durationNsMax) {
        long endNs = nowNs + durationNsMax;
        while (!done.getAsBoolean()) {
            Checks.check(nowNs < endNs, "the cluster reached its goal within %d ns", durationNsMax);
            step();
        }
    }

    /** Runs one step, then {@code afterStep}: a place for tests to observe the cluster each step. */
    void runFor(long durationNs, Runnable afterStep) {
        long endNs = nowNs + durationNs;
        while (nowNs < endNs) {
            step();
            afterStep.run();
        }
    }

    private void step() {
        nowNs += stepNs;
        while (!network.isEmpty() && network.peek().deliverAtNs() <= nowNs) {
            InFlight message = network.poll();
            if (!crashed.contains(message.to()) && roles.containsKey(message.to())) {
                roles.get(message.to()).onMessage(message.from(), message.message(), outboxOf(message.to()));
            }
        }
        tickEveryLiveRole();
        carryOutActions();
    }

    private void tickEveryLiveRole() {
        for (ProtocolRole role : roles.values()) {
            if (!crashed.contains(role.id())) {
                role.onTick(nowNs, outboxOf(role.id()));
            }
        }
    }

    private void carryOutActions() {
        for (ManagerAction action : List.copyOf(actionsDue)) {
            switch (action.kind()) {
                case RESTART -> restartFromDisk(action.replica().index());
                case REPLACE -> replaceWithEmpty(action.replica().index());
            }
            actionsTaken.add(action);
        }
        actionsDue.clear();
    }

    /** A new process for the replica that recovers its own state: checkpoint, then log. */
    void restartFromDisk(int index) {
        incarnations[index]++;
        Replica<RegisterService> replica = newReplica(index);
        ReplicaDisk disk = disks.get(index);
        disk.checkpoint().ifPresent(checkpoint -> Checks.check(
                replica.restoreCheckpoint(checkpoint.bytes()) == RestoreOutcome.RESTORED,
                "a replica restores the checkpoint it saved"));
        for (OrderedEntry entry : disk.log()) {
            replica.replay(entry, outboxOf(replica.id()));
        }
        start(index, replica);
    }

    /** A new process for the replica with an empty state, which takes its state only from peers. */
    void replaceWithEmpty(int index) {
        incarnations[index]++;
        disks.get(index).wipe();
        Replica<RegisterService> replica = newReplica(index);
        replica.startStateTransfer();
        start(index, replica);
    }

    private void start(int index, Replica<RegisterService> replica) {
        replicas.set(index, replica);
        roles.put(replica.id(), replica);
        crashed.remove(replica.id());
        replica.onTick(nowNs, outboxOf(replica.id()));
    }

    private Outbox outboxOf(NodeId sender) {
        return new Outbox() {
            @Override
            public void send(NodeId to, Message message) {
                if (to.role() == NodeId.Role.REPLICA_MANAGER) {
                    managerMessages.add(message);
                    if (managers.isEmpty()) {
                        return;
                    }
                }
                if (sender.role() == NodeId.Role.REPLICA || to.role() == NodeId.Role.REPLICA) {
                    replicaMessages.add(new Envelope(to, message));
                }
                if (isolated.contains(sender) || isolated.contains(to)) {
                    return;
                }
                for (long delayNs : links.deliveryDelaysNs(sender, to)) {
                    network.add(new InFlight(nowNs + delayNs, sendOrder++, sender, to, message));
                }
            }

            @Override
            public void complete(RequestOutcome outcome) {
                outcomes.computeIfAbsent(outcome.requestId(), id -> new ArrayList<>()).add(outcome);
            }

            @Override
            public void delivered(Delivery delivery) {
                deliveries.get(sender).add(delivery);
                disks.get(sender.index()).append(delivery);
            }

            @Override
            public void checkpointed(CheckpointEvent event) {
                checkpointEvents.get(sender).add(event);
                disks.get(sender.index()).save(event);
            }

            @Override
            public void act(ManagerAction action) {
                actionsDue.add(action);
            }
        };
    }

    /** Every outcome the front end gave, per request, in submission order. */
    Map<RequestId, List<RequestOutcome>> outcomes() {
        return outcomes;
    }

    /** Whether every accepted submit has its outcome. */
    boolean isIdle() {
        for (Map.Entry<RequestId, Integer> submits : acceptedSubmits.entrySet()) {
            List<RequestOutcome> answers = outcomes.get(submits.getKey());
            if (answers == null || answers.size() < submits.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** How many submits of each request the front end accepted. */
    Map<RequestId, Integer> acceptedSubmits() {
        return acceptedSubmits;
    }

    /** Every delivery the replica reported, across its incarnations. */
    List<Delivery> deliveriesOf(int replica) {
        return deliveries.get(NodeId.replica(replica));
    }

    /** Every checkpoint the replica reported, across its incarnations. */
    List<CheckpointEvent> checkpointEventsOf(int replica) {
        return checkpointEvents.get(NodeId.replica(replica));
    }

    /** The replica's current incarnation. */
    Replica<RegisterService> replica(int replica) {
        return replicas.get(replica);
    }

    int incarnationOf(int replica) {
        return incarnations[replica];
    }

    ReplicaManager manager(int replica) {
        return managers.get(replica);
    }

    Sequencer sequencer() {
        return sequencer;
    }

    FrontEnd frontEnd() {
        return frontEnd;
    }

    /** What the front end and the managers told the replica managers, in order. */
    List<Message> managerMessages() {
        return managerMessages;
    }

    /** Every message sent by or to a replica, in order, with its destination. */
    List<Envelope> replicaMessages() {
        return replicaMessages;
    }

    /** Every action the managers decided and the cluster carried out, in order. */
    List<ManagerAction> actionsTaken() {
        return actionsTaken;
    }

    ClusterShape shape() {
        return shape;
    }

    long nowNs() {
        return nowNs;
    }

    private record InFlight(long deliverAtNs, long order, NodeId from, NodeId to, Message message) {}

    /** The cluster's parts, each with a default: a lossless network, default configs, no managers. */
    static final class Builder {
        private final ClusterShape shape;
        private Links links = Links.lossless(MILLISECOND_NS);
        private long stepNs = MILLISECOND_NS;
        private FrontEndConfig frontEndConfig = FrontEndConfig.defaults();
        private SequencerConfig sequencerConfig = SequencerConfig.defaults();
        private ReplicaConfig replicaConfig = ReplicaConfig.defaults();
        private RecoveryConfig recoveryConfig = RecoveryConfig.defaults();
        private Optional<ReplicaManagerConfig> managerConfig = Optional.empty();
        private ServiceFactory services = (replica, incarnation) -> new RegisterService();

        private Builder(ClusterShape shape) {
            this.shape = shape;
        }

        Builder links(Links value) {
            links = value;
            return this;
        }

        Builder stepNs(long value) {
            stepNs = value;
            return this;
        }

        Builder frontEndConfig(FrontEndConfig value) {
            frontEndConfig = value;
            return this;
        }

        Builder sequencerConfig(SequencerConfig value) {
            sequencerConfig = value;
            return this;
        }

        Builder replicaConfig(ReplicaConfig value) {
            replicaConfig = value;
            return this;
        }

        Builder recoveryConfig(RecoveryConfig value) {
            recoveryConfig = value;
            return this;
        }

        /** Runs a replica manager per replica, with this config, and carries out its actions. */
        Builder managers(ReplicaManagerConfig value) {
            managerConfig = Optional.of(value);
            return this;
        }

        Builder services(ServiceFactory value) {
            services = value;
            return this;
        }

        InMemoryCluster build() {
            return new InMemoryCluster(this);
        }
    }
}
