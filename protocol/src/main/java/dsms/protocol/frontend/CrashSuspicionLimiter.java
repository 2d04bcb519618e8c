package dsms.protocol.frontend;

/**
 * Limits crash suspicions to one per replica per interval: while a replica is down every request
 * misses its result, and the managers need to hear it once, not once per request.
 */
final class CrashSuspicionLimiter {
    private final long intervalNs;
    private final long[] lastReportNs;
    private final boolean[] reported;

    CrashSuspicionLimiter(int replicaCount, long intervalNs) {
        this.intervalNs = intervalNs;
        this.lastReportNs = new long[replicaCount];
        this.reported = new boolean[replicaCount];
    }

    /** Whether the replica may be reported now; if so, the report is counted as made. */
    Permission tryReport(int replica, long nowNs) {
        if (reported[replica] && nowNs - lastReportNs[replica] < intervalNs) {
            return Permission.TOO_SOON;
        }
        reported[replica] = true;
        lastReportNs[replica] = nowNs;
        return Permission.REPORT;
    }

    enum Permission {
        REPORT,
        TOO_SOON
    }
}
