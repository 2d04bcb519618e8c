package dsms.node.process;

import dsms.node.metrics.RecentTraffic;
import dsms.protocol.frontend.FrontEndStats;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster as this front end sees it, in the shape {@code dsms status --json} prints and the
 * dashboard renders: the mode, one row per replica, and the front end's own traffic and counters.
 * Built from thread-safe sources only, on whichever thread asks.
 */
public final class StatusReport {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final ClusterLayout layout;
    private final ReplicaObserver observer;
    private final FrontEndSampler sampler;
    private final RecentTraffic traffic;

    public StatusReport(ClusterLayout layout, ReplicaObserver observer, FrontEndSampler sampler, RecentTraffic traffic) {
        this.layout = layout;
        this.observer = observer;
        this.sampler = sampler;
        this.traffic = traffic;
    }

    public Map<String, Object> build() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", layout.shape().failureMode().name().toLowerCase(Locale.ROOT));
        status.put("replicas", replicas());
        status.put("frontEnd", frontEnd());
        return status;
    }

    private List<Map<String, Object>> replicas() {
        ReplicaReports reports = observer.reports();
        List<Map<String, Object>> replicas = new ArrayList<>();
        long nowNs = observer.nowNs();
        for (int index = 0; index < observer.replicaCount(); index++) {
            Map<String, Object> replica = new LinkedHashMap<>();
            replica.put("id", NodeId.replicaName(index));
            ReplicaReports.Received<CheckpointAnnouncement> checkpoint = reports.checkpoint(index);
            ReplicaReports.Received<ManagerReport> manager = reports.manager(index);
            replica.put("status", status(index, manager, nowNs));
            replica.put("lastSeq", Math.max(observer.lastSequence(index),
                    checkpoint == null ? 0 : checkpoint.report().deliveredSequence()));
            replica.put("lag", observer.lag(index));
            replica.put("checkpointSeq", checkpoint == null ? null : checkpoint.report().sequence());
            replica.put("digest", checkpoint == null ? "" : checkpoint.report().digest().toHex());
            replica.put("digestAgrees", checkpoint == null ? null : reports.digestAgrees(index));
            replica.put("restarts", manager == null ? 0 : manager.report().restarts());
            replica.put("replacements", manager == null ? 0 : manager.report().replacements());
            long lastResultNs = observer.lastResultNs(index);
            replica.put("lastResultMsAgo", lastResultNs == 0 ? null : (nowNs - lastResultNs) / NANOS_PER_MILLI);
            replica.put("crashSuspicions", observer.crashSuspicions(index));
            replica.put("wrongResults", observer.wrongResults(index));
            replica.put("missingResults", observer.missingResults(index));
            replicas.add(replica);
        }
        return replicas;
    }

    /**
     * DOWN as soon as the front end misses the replica's results (the fastest sign), otherwise what
     * its manager's probes found, when the manager reported lately.
     */
    private String status(int index, ReplicaReports.Received<ManagerReport> manager, long nowNs) {
        if (observer.looksDown(index)) {
            return "DOWN";
        }
        if (ReplicaReports.isFresh(manager, nowNs)) {
            return switch (manager.report().status()) {
                case DOWN -> "DOWN";
                case RECOVERING -> "RECOVERING";
                case UP, UNKNOWN -> "UP";
            };
        }
        return "UP";
    }

    private Map<String, Object> frontEnd() {
        FrontEndSampler.Sample sample = sampler.latest();
        FrontEndStats stats = sample.stats();
        RecentTraffic.Window window = traffic.latest();
        Map<String, Object> frontEnd = new LinkedHashMap<>();
        frontEnd.put("requestsPerSecond", Math.round(window.requestsPerSecond() * 10) / 10.0);
        frontEnd.put("latencyMsP50", window.latencyMsP50());
        frontEnd.put("latencyMsP99", window.latencyMsP99());
        frontEnd.put("latencyMsMax", window.latencyMsMax());
        frontEnd.put("requestsUnanswered", sample.requestsUnanswered());
        frontEnd.put("resultTimeoutMs", sample.resultTimeoutMs());
        Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("AGREED", stats.answeredAgreed());
        outcomes.put("NO_QUORUM", stats.answeredNoQuorum());
        outcomes.put("TIMED_OUT", stats.answeredTimedOut());
        outcomes.put("OVERLOADED", stats.answeredOverloaded());
        frontEnd.put("outcomes", outcomes);
        frontEnd.put("clientRequestsResent", stats.clientRequestsResent());
        frontEnd.put("resultRequestsSent", stats.resultRequestsSent());
        frontEnd.put("crashSuspicionsSent", stats.crashSuspicionsSent());
        frontEnd.put("datagramsRejected", sample.datagramsRejected());
        return frontEnd;
    }
}
