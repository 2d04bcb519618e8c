package dsms.protocol.cluster;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RegisterService;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import dsms.protocol.replica.Replica;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.sequencer.OrderedEntrySizer;
import dsms.protocol.sequencer.Sequencer;
import dsms.protocol.sequencer.SequencerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * One front end, one sequencer and n replicas wired by an in-memory network, in one thread, for
 * end-to-end tests of the protocol roles. Time advances in fixed steps; in each step every message
 * due is delivered, then every live role ticks.
 *
 * <p>Messages to replica managers are recorded rather than delivered: managers are not built yet.
 * A crashed replica receives nothing and never ticks again.
 */
final class InMemoryCluster {
    static final long MILLISECOND_NS = 1_000_000L;
    private static final long START_NS = 1_700_000_000_000L * MILLISECOND_NS;

    private final ClusterShape shape;
    private final Links links;
    private final long stepNs;
    private final FrontEnd frontEnd;
    private final Sequencer sequencer;
    private final List<Replica<RegisterService>> replicas = new ArrayList<>();
    private final Map<NodeId, ProtocolRole> roles = new LinkedHashMap<>();
    private final PriorityQueue<InFlight> network =
            new PriorityQueue<>(Comparator.comparingLong(InFlight::deliverAtNs).thenComparingLong(InFlight::order));
    private final Set<NodeId> crashed = new HashSet<>();
    private final Set<NodeId> isolated = new HashSet<>();
    private final Map<RequestId, List<RequestOutcome>> outcomes = new LinkedHashMap<>();
    private final Map<RequestId, Integer> acceptedSubmits = new LinkedHashMap<>();
    private final Map<NodeId, List<Delivery>> deliveries = new LinkedHashMap<>();
    private final List<Message> managerMessages = new ArrayList<>();
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
        this.shape = shape;
        this.links = links;
        this.stepNs = stepNs;
        this.frontEnd = new FrontEnd(NodeId.frontEnd(0), shape, frontEndConfig);
        this.sequencer = new Sequencer(
                shape.sequencer(), shape, sequencerConfig, 1, OrderedEntrySizer.UPPER_BOUND_ESTIMATE);
        roles.put(frontEnd.id(), frontEnd);
        roles.put(sequencer.id(), sequencer);
        for (NodeId id : shape.replicas()) {
            Replica<RegisterService> replica =
                    new Replica<>(id, shape, replicaConfig, services.apply(id.index()), AuditSink.NONE);
            replicas.add(replica);
            roles.put(id, replica);
            deliveries.put(id, new ArrayList<>());
        }
        tickEveryLiveRole();
    }

    static InMemoryCluster lossless(ClusterShape shape) {
        return new InMemoryCluster(
                shape,
                Links.lossless(MILLISECOND_NS),
                MILLISECOND_NS,
                FrontEndConfig.defaults(),
                SequencerConfig.defaults(),
                ReplicaConfig.defaults(),
                index -> new RegisterService());
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

    private void step() {
        nowNs += stepNs;
        while (!network.isEmpty() && network.peek().deliverAtNs() <= nowNs) {
            InFlight message = network.poll();
            if (!crashed.contains(message.to())) {
                roles.get(message.to()).onMessage(message.from(), message.message(), outboxOf(message.to()));
            }
        }
        tickEveryLiveRole();
    }

    private void tickEveryLiveRole() {
        for (ProtocolRole role : roles.values()) {
            if (!crashed.contains(role.id())) {
                role.onTick(nowNs, outboxOf(role.id()));
            }
        }
    }

    private Outbox outboxOf(NodeId sender) {
        return new Outbox() {
            @Override
            public void send(NodeId to, Message message) {
                if (to.role() == NodeId.Role.REPLICA_MANAGER) {
                    managerMessages.add(message);
                    return;
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

    List<Delivery> deliveriesOf(int replica) {
        return deliveries.get(NodeId.replica(replica));
    }

    Replica<RegisterService> replica(int replica) {
        return replicas.get(replica);
    }

    Sequencer sequencer() {
        return sequencer;
    }

    FrontEnd frontEnd() {
        return frontEnd;
    }

    /** What the front end told the replica managers, in order. */
    List<Message> managerMessages() {
        return managerMessages;
    }

    ClusterShape shape() {
        return shape;
    }

    private record InFlight(long deliverAtNs, long order, NodeId from, NodeId to, Message message) {}
}
