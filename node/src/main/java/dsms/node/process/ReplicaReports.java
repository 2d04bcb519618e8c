package dsms.node.process;

import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.ManagerReport;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What replicas and their managers last reported to the front end: each replica's progress and
 * latest checkpoint digest, and each manager's view of its replica with its restart and
 * replacement counts. Written by the front end's loop, read by status requests on other threads.
 */
public final class ReplicaReports {
    /** A report older than this is stale: its sender may be gone. */
    static final long FRESH_NS_MAX = 2_000_000_000L;

    /** A report and when it arrived, on the loop's clock. */
    public record Received<T>(T report, long receivedNs) {}

    private final AtomicReferenceArray<Received<CheckpointAnnouncement>> checkpoints;
    private final AtomicReferenceArray<Received<ManagerReport>> managers;

    public ReplicaReports(int replicaCount) {
        this.checkpoints = new AtomicReferenceArray<>(replicaCount);
        this.managers = new AtomicReferenceArray<>(replicaCount);
    }

    void checkpoint(int replica, CheckpointAnnouncement announcement, long nowNs) {
        checkpoints.set(replica, new Received<>(announcement, nowNs));
    }

    void manager(int replica, ManagerReport report, long nowNs) {
        managers.set(replica, new Received<>(report, nowNs));
    }

    /** The replica's latest report of its progress and checkpoint, or null if none arrived. */
    public Received<CheckpointAnnouncement> checkpoint(int replica) {
        return checkpoints.get(replica);
    }

    /** The latest report of the replica's manager, or null if none arrived. */
    public Received<ManagerReport> manager(int replica) {
        return managers.get(replica);
    }

    /**
     * Whether every other replica that reported a checkpoint at the same sequence number reported
     * the same digest (equal inputs must give equal states); true when none is comparable.
     */
    public boolean digestAgrees(int replica) {
        Received<CheckpointAnnouncement> mine = checkpoints.get(replica);
        if (mine == null) {
            return true;
        }
        for (int other = 0; other < checkpoints.length(); other++) {
            Received<CheckpointAnnouncement> theirs = checkpoints.get(other);
            if (other != replica && theirs != null && theirs.report().sequence() == mine.report().sequence()
                    && !theirs.report().digest().equals(mine.report().digest())) {
                return false;
            }
        }
        return true;
    }

    public static boolean isFresh(Received<?> received, long nowNs) {
        return received != null && nowNs - received.receivedNs() <= FRESH_NS_MAX;
    }
}
