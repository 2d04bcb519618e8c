package dsms.node.process;

import dsms.protocol.ForwardingOutbox;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.ResultVerdict;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Watches what a front end receives and reports, to tell per replica the last sequence number it
 * answered and when, whether it has fallen silently behind, and how often the front end suspected
 * it of a crash or judged its result wrong or missing. The status page, {@code dsms status} and the
 * metrics read it from other threads; the loop thread alone writes it. It wraps the front end role
 * and passes every message and effect on unchanged.
 */
public final class ReplicaObserver implements ProtocolRole {
    /**
     * A replica that has been behind the others and silent for this long is shown DOWN. Long
     * enough that a live replica a few results behind under load is not, short enough that a
     * crash shows within a second while requests flow.
     */
    public static final long SILENT_NS_MAX = 500_000_000L;

    private final ProtocolRole frontEnd;
    private final ReplicaReports reports;
    private final AtomicLongArray lastSequence;
    private final AtomicLongArray lastResultNs;
    /** When the replica fell behind the highest answered sequence; 0 while it is level. */
    private final AtomicLongArray behindSinceNs;
    private final AtomicLongArray crashSuspicions;
    /** When the front end last suspected the replica of a crash; 0 if never. */
    private final AtomicLongArray suspectedNs;
    private final AtomicLongArray wrongResults;
    private final AtomicLongArray missingResults;
    private final ReportWatcher reportWatcher = new ReportWatcher();
    private long highestSequence;
    private volatile long nowNs;

    public ReplicaObserver(ProtocolRole frontEnd, int replicaCount) {
        this.frontEnd = frontEnd;
        this.reports = new ReplicaReports(replicaCount);
        this.lastSequence = new AtomicLongArray(replicaCount);
        this.lastResultNs = new AtomicLongArray(replicaCount);
        this.behindSinceNs = new AtomicLongArray(replicaCount);
        this.crashSuspicions = new AtomicLongArray(replicaCount);
        this.suspectedNs = new AtomicLongArray(replicaCount);
        this.wrongResults = new AtomicLongArray(replicaCount);
        this.missingResults = new AtomicLongArray(replicaCount);
    }

    @Override
    public NodeId id() {
        return frontEnd.id();
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        if (message instanceof ReplicaResult result && from.role() == NodeId.Role.REPLICA
                && from.index() < replicaCount()) {
            observeResult(from.index(), result.sequence());
        } else if (message instanceof CheckpointAnnouncement announcement && from.role() == NodeId.Role.REPLICA
                && from.index() < replicaCount()) {
            reports.checkpoint(from.index(), announcement, nowNs);
            return;
        } else if (message instanceof ManagerReport report && from.role() == NodeId.Role.REPLICA_MANAGER
                && from.index() < replicaCount() && report.replicaIndex() == from.index()) {
            reports.manager(from.index(), report, nowNs);
            return;
        }
        frontEnd.onMessage(from, message, reportWatcher.around(outbox));
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        this.nowNs = nowNs;
        frontEnd.onTick(nowNs, reportWatcher.around(outbox));
    }

    private void observeResult(int replica, long sequence) {
        long answered = lastSequence.accumulateAndGet(replica, sequence, Math::max);
        lastResultNs.set(replica, nowNs);
        if (answered > highestSequence) {
            highestSequence = answered;
            for (int other = 0; other < replicaCount(); other++) {
                if (lastSequence.get(other) < highestSequence && behindSinceNs.get(other) == 0) {
                    // Never 0 while behind: 0 means level, and a clock may start at 0.
                    behindSinceNs.set(other, Math.max(1, nowNs));
                }
            }
        }
        if (answered >= highestSequence) {
            behindSinceNs.set(replica, 0);
        }
    }

    /** The highest sequence number replica {@code index} has answered, 0 if none yet. */
    public long lastSequence(int index) {
        return lastSequence.get(index);
    }

    /** How many sequence numbers replica {@code index} is behind the most advanced replica. */
    public long lag(int index) {
        long highest = 0;
        for (int replica = 0; replica < replicaCount(); replica++) {
            highest = Math.max(highest, lastSequence.get(replica));
        }
        return highest - lastSequence.get(index);
    }

    /** When replica {@code index} last answered, on the loop's clock; 0 if never. */
    public long lastResultNs(int index) {
        return lastResultNs.get(index);
    }

    /**
     * Whether replica {@code index} looks down from here: the front end suspected it of a crash
     * after its last result (a missing result, asked for again in vain), or it has been behind the
     * others and silent for longer than {@link #SILENT_NS_MAX}. The front end learns of a crash
     * only from missing results, so an idle cluster shows a crashed replica as up until requests
     * flow; its next result shows it up again.
     */
    public boolean looksDown(int index) {
        long now = nowNs;
        long lastResult = lastResultNs.get(index);
        if (suspectedNs.get(index) > lastResult) {
            return true;
        }
        long behindSince = behindSinceNs.get(index);
        return behindSince != 0 && now - behindSince > SILENT_NS_MAX && now - lastResult > SILENT_NS_MAX;
    }

    /** Crash suspicions the front end sent to the managers about replica {@code index}. */
    public long crashSuspicions(int index) {
        return crashSuspicions.get(index);
    }

    /** Results of replica {@code index} that differed from the agreed one (byzantine mode). */
    public long wrongResults(int index) {
        return wrongResults.get(index);
    }

    /** Agreed requests replica {@code index} never answered in time (byzantine mode). */
    public long missingResults(int index) {
        return missingResults.get(index);
    }

    /** What the replicas and their managers last reported about themselves. */
    public ReplicaReports reports() {
        return reports;
    }

    public long nowNs() {
        return nowNs;
    }

    public int replicaCount() {
        return lastSequence.length();
    }

    /**
     * Counts the fault reports the front end sends. Each report goes to every manager; only the
     * copy for the first manager is counted, so one report counts once.
     */
    private final class ReportWatcher extends ForwardingOutbox {

        @Override
        public void send(NodeId to, Message message) {
            if (to.role() == NodeId.Role.REPLICA_MANAGER && to.index() == 0) {
                count(message);
            }
            super.send(to, message);
        }

        private void count(Message message) {
            if (message instanceof CrashSuspicion suspicion && suspicion.replicaIndex() < replicaCount()) {
                crashSuspicions.incrementAndGet(suspicion.replicaIndex());
                suspectedNs.set(suspicion.replicaIndex(), Math.max(1, nowNs));
            } else if (message instanceof ResultVerdict verdict && verdict.replicaIndex() < replicaCount()) {
                switch (verdict.verdict()) {
                    case WRONG -> wrongResults.incrementAndGet(verdict.replicaIndex());
                    case MISSING -> missingResults.incrementAndGet(verdict.replicaIndex());
                    case CORRECT -> { }
                }
            }
        }
    }
}
