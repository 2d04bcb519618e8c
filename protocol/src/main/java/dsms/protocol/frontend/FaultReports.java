package dsms.protocol.frontend;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.Outbox;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ResultVerdict;
import java.util.function.IntPredicate;

/**
 * What the front end tells the replica managers when a request finishes collecting: crash
 * suspicions for replicas that stayed silent, and in byzantine mode a verdict on every replica.
 */
final class FaultReports {
    private final ClusterShape shape;
    private final CrashSuspicionLimiter suspicionLimiter;
    private final FrontEndCounters counters;

    FaultReports(ClusterShape shape, long crashSuspicionIntervalNs, FrontEndCounters counters) {
        this.shape = shape;
        this.suspicionLimiter = new CrashSuspicionLimiter(shape.replicaCount(), crashSuspicionIntervalNs);
        this.counters = counters;
    }

    /**
     * Reports a finished request.
     *
     * @param reportable which replicas that never responded are suspected and judged MISSING; the
     *     others are spared (their time was cut short, or they are behind and still sending)
     */
    void reportFinished(PendingRequest request, IntPredicate reportable, long nowNs, Outbox outbox) {
        suspectSilentReplicas(request, reportable, nowNs, outbox);
        if (shape.failureMode() == FailureMode.BYZANTINE && request.agreed() != null) {
            sendVerdicts(request, reportable, outbox);
        }
    }

    /**
     * Reports the replicas still silent on a request whose client is still waiting: the crash
     * suspicion must not wait for the client's deadline, or a crashed replica would go unnoticed
     * for that long.
     */
    void reportStillSilent(PendingRequest request, IntPredicate reportable, long nowNs, Outbox outbox) {
        suspectSilentReplicas(request, reportable, nowNs, outbox);
    }

    private void suspectSilentReplicas(PendingRequest request, IntPredicate reportable, long nowNs, Outbox outbox) {
        for (int replica : request.silentReplicas()) {
            if (reportable.test(replica)
                    && suspicionLimiter.tryReport(replica, nowNs) == CrashSuspicionLimiter.Permission.REPORT) {
                sendToManagers(new CrashSuspicion(replica, request.sequence()), outbox);
                counters.crashSuspicionsSent++;
            }
        }
    }

    private void sendVerdicts(PendingRequest request, IntPredicate reportable, Outbox outbox) {
        for (int replica = 0; replica < shape.replicaCount(); replica++) {
            ResultAssembly response = request.response(replica);
            ResultVerdict.Verdict verdict;
            if (response.state() == ResultAssembly.State.COMPLETE) {
                verdict = response.answer().equals(request.agreed())
                        ? ResultVerdict.Verdict.CORRECT
                        : ResultVerdict.Verdict.WRONG;
            } else if (response.state() == ResultAssembly.State.INVALID) {
                verdict = ResultVerdict.Verdict.WRONG;
            } else if (reportable.test(replica)) {
                verdict = ResultVerdict.Verdict.MISSING;
            } else {
                continue;
            }
            sendToManagers(
                    new ResultVerdict(request.requestId(), request.agreed().sequence(), replica, verdict), outbox);
            counters.verdictsSent++;
        }
    }

    private void sendToManagers(Message message, Outbox outbox) {
        for (NodeId manager : shape.replicaManagers()) {
            outbox.send(manager, message);
        }
    }

    /** Spares every silent replica: collection was cut short, so none had a fair chance. */
    static final IntPredicate SPARE_ALL = replica -> false;
}
