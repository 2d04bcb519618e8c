package dsms.protocol.frontend;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.Outbox;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ResultVerdict;

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
     * @param silentReplicas whether replicas that never responded are suspected and judged MISSING,
     *     or spared because their time was cut short
     */
    void reportFinished(PendingRequest request, SilentReplicas silentReplicas, long nowNs, Outbox outbox) {
        if (silentReplicas == SilentReplicas.REPORT) {
            suspectSilentReplicas(request, nowNs, outbox);
        }
        if (shape.failureMode() == FailureMode.BYZANTINE && request.agreed() != null) {
            sendVerdicts(request, silentReplicas, outbox);
        }
    }

    /**
     * Reports the replicas still silent on a request whose client is still waiting: the crash
     * suspicion must not wait for the client's deadline, or a crashed replica would go unnoticed
     * for that long.
     */
    void reportStillSilent(PendingRequest request, long nowNs, Outbox outbox) {
        suspectSilentReplicas(request, nowNs, outbox);
    }

    private void suspectSilentReplicas(PendingRequest request, long nowNs, Outbox outbox) {
        for (int replica : request.silentReplicas()) {
            if (suspicionLimiter.tryReport(replica, nowNs) == CrashSuspicionLimiter.Permission.REPORT) {
                sendToManagers(new CrashSuspicion(replica, request.sequence()), outbox);
                counters.crashSuspicionsSent++;
            }
        }
    }

    private void sendVerdicts(PendingRequest request, SilentReplicas silentReplicas, Outbox outbox) {
        for (int replica = 0; replica < shape.replicaCount(); replica++) {
            ResultAssembly response = request.response(replica);
            ResultVerdict.Verdict verdict;
            if (response.state() == ResultAssembly.State.COMPLETE) {
                verdict = response.answer().equals(request.agreed())
                        ? ResultVerdict.Verdict.CORRECT
                        : ResultVerdict.Verdict.WRONG;
            } else if (response.state() == ResultAssembly.State.INVALID) {
                verdict = ResultVerdict.Verdict.WRONG;
            } else if (silentReplicas == SilentReplicas.REPORT) {
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

    /** What finishing does with replicas that never responded. */
    enum SilentReplicas {
        /** Their time ran out: suspect them of having crashed and judge them MISSING. */
        REPORT,
        /** Collection was cut short: they had no fair chance, so say nothing about them. */
        SPARE
    }
}
