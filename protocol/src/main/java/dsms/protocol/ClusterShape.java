package dsms.protocol;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The size and failure mode of a cluster, which every role reads.
 *
 * <p>With {@code n} replicas the cluster tolerates {@code f = (n-1)/2} faulty ones: 1 for 3 or 4
 * replicas. Replica {@code i} is {@code NodeId.replica(i)}, its manager {@code
 * NodeId.replicaManager(i)}; the sequencer is {@code NodeId.sequencer(0)}.
 *
 * @param replicaCount n, the number of replicas, 1 to {@link #REPLICA_COUNT_MAX}
 * @param failureMode whether the front end trusts the first result or waits for {@code f+1}
 */
public record ClusterShape(int replicaCount, FailureMode failureMode) {
    /** Replica indexes travel as one node index, so n is bounded by the node index range. */
    public static final int REPLICA_COUNT_MAX = NodeId.INDEX_MAX + 1;

    public ClusterShape {
        Checks.check(
                replicaCount >= 1 && replicaCount <= REPLICA_COUNT_MAX,
                "replica count %d is within 1..%d",
                replicaCount,
                REPLICA_COUNT_MAX);
        Checks.check(failureMode != null, "a cluster has a failure mode");
    }

    /** f: how many replicas may fail while the cluster still answers correctly. */
    public int faultsTolerated() {
        return (replicaCount - 1) / 2;
    }

    /** How many byte-identical results the front end needs before it answers. */
    public int matchingResultsRequired() {
        return failureMode == FailureMode.CRASH ? 1 : faultsTolerated() + 1;
    }

    /**
     * How many replicas must hold an entry before the sequencer may forget it while another
     * replica still lacks it: {@code f+1}, so that at least one correct replica can pass it on by
     * state transfer.
     */
    public int replicasHoldingBeforeDrop() {
        return faultsTolerated() + 1;
    }

    public NodeId sequencer() {
        return NodeId.sequencer(0);
    }

    /** Whether {@code node} is one of this cluster's replicas. */
    public boolean isReplica(NodeId node) {
        return node.role() == NodeId.Role.REPLICA && node.index() < replicaCount;
    }

    public List<NodeId> replicas() {
        List<NodeId> replicas = new ArrayList<>(replicaCount);
        for (int index = 0; index < replicaCount; index++) {
            replicas.add(NodeId.replica(index));
        }
        return replicas;
    }

    public List<NodeId> replicaManagers() {
        List<NodeId> managers = new ArrayList<>(replicaCount);
        for (int index = 0; index < replicaCount; index++) {
            managers.add(NodeId.replicaManager(index));
        }
        return managers;
    }
}
