package dsms.simulation.check;

import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaStatus;
import dsms.simulation.cluster.NodeStatus;
import dsms.simulation.cluster.SimulatedCluster;
import java.util.List;
import java.util.StringJoiner;

/**
 * Liveness once every fault healed: every client request answered AGREED, and every live replica
 * caught up with the sequencer.
 *
 * <p>One exemption, named in every report, for runs without replica managers: a replica that lacks
 * entries the sequencer already forgot (it was behind when the retransmission buffer filled up)
 * is not expected to catch up there. With managers (and restarts), every live replica must catch
 * up, by state transfer if need be, and be LIVE again, not still recovering.
 */
public final class LivenessCheck {
    private final SimulatedCluster cluster;
    private final ClientProgress clients;

    public LivenessCheck(SimulatedCluster cluster, ClientProgress clients) {
        this.cluster = cluster;
        this.clients = clients;
    }

    /** Whether the run reached its goal: cheap enough to ask before every event. */
    public boolean isSatisfied() {
        return clients.allFinished() && replicasCaughtUp();
    }

    private boolean replicasCaughtUp() {
        long highest = cluster.sequencer().highestAssignedSequence();
        List<Integer> behindBuffer = null;
        for (int index = 0; index < cluster.shape().replicaCount(); index++) {
            if (cluster.status(NodeId.replica(index)) == NodeStatus.CRASHED) {
                continue;
            }
            if (cluster.replica(index).lastDeliveredSequence() == highest
                    && cluster.replica(index).status() == ReplicaStatus.LIVE) {
                continue;
            }
            if (cluster.setup().replicaManagers()) {
                return false;
            }
            if (behindBuffer == null) {
                behindBuffer = cluster.sequencer().replicasBehindBuffer();
            }
            if (!behindBuffer.contains(index)) {
                return false;
            }
        }
        return true;
    }

    /** Replicas that can only catch up by state transfer, which is not simulated yet. */
    public List<Integer> replicasAwaitingStateTransfer() {
        if (cluster.setup().replicaManagers()) {
            return List.of();
        }
        return cluster.sequencer().replicasBehindBuffer().stream()
                .filter(index -> cluster.status(NodeId.replica(index)) != NodeStatus.CRASHED)
                .toList();
    }

    /** Fails with what is still missing. */
    public CheckFailure failure(long healedForNs) {
        StringJoiner replicas = new StringJoiner(", ");
        for (int index = 0; index < cluster.shape().replicaCount(); index++) {
            NodeId replica = NodeId.replica(index);
            replicas.add(replica + " " + cluster.status(replica) + " " + cluster.replica(index).status() + " at #"
                    + cluster.replica(index).lastDeliveredSequence() + " (incarnation " + cluster.incarnation(index) + ")");
        }
        return new CheckFailure(
                Check.LIVENESS,
                String.format(
                        java.util.Locale.ROOT,
                        "%.1f s after every fault healed: clients %s; sequencer assigned #%d, replicas %s "
                                + "(behind its buffer: %s)",
                        healedForNs / 1e9,
                        clients.allFinished() ? "all answered" : "still waiting: " + clients.unfinishedSummary(),
                        cluster.sequencer().highestAssignedSequence(),
                        replicas,
                        cluster.sequencer().replicasBehindBuffer()));
    }
}
