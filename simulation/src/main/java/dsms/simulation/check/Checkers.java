package dsms.simulation.check;

import dsms.core.Checks;
import dsms.core.InvariantViolation;
import dsms.core.StateDigest;
import dsms.market.MarketService;
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
 * each AGREED answer; and, once the run is over, equal states.
 *
 * <p>Correct replicas are those that never returned wrong results and did not crash: a crashed
 * replica may have changed its state after its last reported delivery, in the call it died in.
 */
public final class Checkers implements ClusterObserver {
    private final TotalOrderCheck totalOrder = new TotalOrderCheck();
    private final ExactlyOnceCheck exactlyOnce = new ExactlyOnceCheck();
    private final ReferenceMarket reference = new ReferenceMarket();
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
                && !cluster.replica(replica).service().hasBeenWrong();
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
