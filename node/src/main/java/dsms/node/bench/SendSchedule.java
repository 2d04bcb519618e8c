package dsms.node.bench;

/**
 * When one connection's requests are meant to leave, and so the time each request's latency is
 * counted from.
 *
 * <p>At a fixed rate (wrk2's model) request {@code k} of a connection is intended at {@code
 * firstNs + k * intervalNs}, whatever happened to the requests before it. A connection has one
 * request in flight at a time, so when the server stalls the actual sends fall behind the
 * intended times; the connection then sends each next request as soon as the previous answer is
 * in, and counting latency from the intended time charges every request that waited behind the
 * stall with its wait. Counting from the actual send instead would record one slow request and
 * many fast ones: the coordinated omission that hides stalls.
 *
 * <p>In a closed loop a request is intended the moment it is sent.
 */
final class SendSchedule {
    private final long firstNs;
    /** Nanoseconds between a connection's requests; fractional so a high rate does not drift. */
    private final double intervalNs;
    private final boolean fixedRate;
    /** Index of the next request to send. */
    private long next;

    private SendSchedule(long firstNs, double intervalNs, boolean fixedRate) {
        this.firstNs = firstNs;
        this.intervalNs = intervalNs;
        this.fixedRate = fixedRate;
    }

    static SendSchedule closedLoop() {
        return new SendSchedule(0, 0, false);
    }

    /**
     * A connection's share of a fixed rate: {@code requestsPerSecond} spread evenly over {@code
     * connections}, connection {@code connection} offset by its part of one interval so the
     * connections do not all send at the same instant.
     */
    static SendSchedule fixedRate(long startNs, double requestsPerSecond, int connections, int connection) {
        double intervalNs = 1e9 * connections / requestsPerSecond;
        long offsetNs = Math.round(intervalNs * connection / connections);
        return new SendSchedule(startNs + offsetNs, intervalNs, true);
    }

    boolean isFixedRate() {
        return fixedRate;
    }

    /** The intended time of the next request; in a closed loop, {@link Long#MIN_VALUE}: always due. */
    long nextIntendedNs() {
        return fixedRate ? intendedNs(next) : Long.MIN_VALUE;
    }

    /** Takes the next request for sending at {@code nowNs}; returns the time its latency counts from. */
    long take(long nowNs) {
        long intendedNs = fixedRate ? intendedNs(next) : nowNs;
        next++;
        return intendedNs;
    }

    /** Requests intended in [{@code fromNs}, {@code toNs}) that were never taken: a connection that gave up owes them. */
    long untakenBetween(long fromNs, long toNs) {
        if (!fixedRate) {
            return 0;
        }
        long owed = 0;
        for (long request = next; intendedNs(request) < toNs; request++) {
            if (intendedNs(request) >= fromNs) {
                owed++;
            }
        }
        return owed;
    }

    /** How many requests were taken; their parity picks the variant of the workload (buy or sell...). */
    long taken() {
        return next;
    }

    private long intendedNs(long request) {
        // Computed from the start rather than accumulated, so rounding never builds up over a long run.
        return firstNs + Math.round(request * intervalNs);
    }
}
