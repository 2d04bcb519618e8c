package dsms.simulation.check;

import dsms.core.Checks;
import dsms.core.InvariantViolation;
import dsms.core.StateDigest;
import dsms.market.MarketService;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.NodeId;
import dsms.simulation.cluster.ClusterObserver;
import dsms.simulation.cluster.NodeStatus;
import dsms.simulation.cluster.SimulatedCluster;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every check of a run, fed as the run goes: total order and exactly-once on each delivery,
 * DOMAIN.md invariants on each correct replica's state as it delivers, the reference market on
 * each AGREED answer, equal checkpoint digests at each checkpoint sequence; and, once the run is
 * over, equal states.
 *
 * <p>Correct replicas are those that are not down and whose state no wrong-result process wrote: a
 * crashed replica may have changed its state after its last reported delivery, in the call it died
 * in; a restarted one is rebuilt from what it saved and is correct again.
 */
public final class Checkers implements ClusterObserver {
    private final TotalOrderCheck totalOrder = new TotalOrderCheck();
    private final ExactlyOnceCheck exactlyOnce = new ExactlyOnceCheck();
    private final ReferenceMarket reference = new ReferenceMarket();
    /** The first correct replica's checkpoint digest at each sequence, with who took it. */
    private final Map<Long, CheckpointEvent> firstCheckpoints = new TreeMap<>();
    private long checkpointsCompared;
    private SimulatedCluster cluster;

    /** Lets the checks read the cluster's replicas; called once the cluster is built. */
    public void watch(SimulatedCluster watched) {
        this.cluster = watched;
    }

    @Override
    public void onDelivery(Delivery delivery, long nowNs) {
        totalOrder.onDelivery(delivery);
        exactlyOnce.onDelivery(delivery);
        Checks.check(cluster != null, "the checks watch the cluster before its replicas deliver anything");
        if (isCorrect(delivery.replica().index())) {
            checkInvariants(delivery.replica().index());
        }
    }

    @Override
    public void onOutcome(RequestOutcome outcome, long nowNs) {
        reference.checkAgreed(outcome, totalOrder.agreedOrder());
    }

    /**
     * Every correct replica's checkpoint at one sequence has the same digest, whether it took it
     * live, while replaying its log after a restart, or installed it from its peers.
     */
    @Override
    public void onCheckpoint(CheckpointEvent event, long nowNs) {
        if (event.kind() == CheckpointEvent.Kind.INSTALLED) {
            totalOrder.restartAt(event.replica(), event.checkpoint().sequence());
            exactlyOnce.restartAt(event.replica(), event.checkpoint().sequence());
        }
        if (!isCorrect(event.replica().index())) {
            return;
        }
        long sequence = event.checkpoint().sequence();
        CheckpointEvent first = firstCheckpoints.putIfAbsent(sequence, event);
        if (first == null) {
            return;
        }
        checkpointsCompared++;
        CheckFailure.require(
                first.checkpoint().digest().equals(event.checkpoint().digest()),
                Check.CHECKPOINT_DIGEST,
                "at checkpoint #%d %s (%s) has digest %s but %s (%s) has %s",
                sequence, first.replica(), first.kind(), first.checkpoint().digest(), event.replica(), event.kind(),
                event.checkpoint().digest());
    }

    @Override
    public void onRestart(int replica, long checkpointSequence, long lastDeliveredSequence, long nowNs) {
        totalOrder.restartAt(NodeId.replica(replica), lastDeliveredSequence);
        // The replay re-executed the log after the checkpoint: with a new process's service, whose
        // results may differ from a wrong old process's. The executions after the checkpoint are
        // forgotten; deduplications naming them are checked against the agreed execution.
        exactlyOnce.restartAt(NodeId.replica(replica), checkpointSequence);
    }

    /** How many checkpoints were compared with an earlier one at the same sequence. */
    public long checkpointsCompared() {
        return checkpointsCompared;
    }

    /** The end of the run: invariants and equal states on every correct replica. */
    public void checkFinalState() {
        reference.catchUp(totalOrder.agreedOrder());
        Map<Long, NodeId> firstAtSequence = new TreeMap<>();
        Map<Long, StateDigest> digestAtSequence = new TreeMap<>();
        for (int index = 0; index < cluster.shape().replicaCount(); index++) {
            if (!isCorrect(index)) {
                continue;
            }
            checkInvariants(index);
            NodeId replica = NodeId.replica(index);
            long sequence = cluster.replica(index).lastDeliveredSequence();
            StateDigest digest = cluster.market(index).digest();
            StateDigest earlier = digestAtSequence.putIfAbsent(sequence, digest);
            firstAtSequence.putIfAbsent(sequence, replica);
            CheckFailure.require(
                    earlier == null || earlier.equals(digest),
                    Check.STATE_DIGEST,
                    "%s and %s both delivered up to #%d but hold different states (%s vs %s)",
                    firstAtSequence.get(sequence), replica, sequence, earlier, digest);
            CheckFailure.require(
                    sequence != reference.appliedSequence() || reference.digest().equals(digest),
                    Check.STATE_DIGEST,
                    "%s at #%d holds state %s, but the reference market fed the agreed order holds %s",
                    replica, sequence, digest, reference.digest());
        }
    }

    public boolean isCorrect(int replica) {
        return cluster.status(NodeId.replica(replica)) != NodeStatus.CRASHED
                && !cluster.hasBeenWrong(replica);
    }

    private void checkInvariants(int replica) {
        MarketService market = cluster.market(replica);
        try {
            market.checkInvariants();
        } catch (InvariantViolation violation) {
            throw new CheckFailure(
                    Check.INVARIANTS,
                    NodeId.replica(replica) + " at #" + cluster.replica(replica).lastDeliveredSequence() + ": "
                            + violation.getMessage());
        }
    }
}
