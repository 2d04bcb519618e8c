package dsms.protocol.replica;

import dsms.core.Checks;

/**
 * A replica's bounds and timers. {@link #defaults()} gives values for a LAN; the chunk size of a
 * result comes from the codec (what fits in one datagram after its header and HMAC).
 *
 * @param holdbackEntriesMax entries held while waiting for an earlier one; entries further ahead
 *     of the last delivered one are dropped and fetched again later (default 8192)
 * @param executedRequestsMax executed request IDs remembered with their results, for exactly-once
 *     execution and for answering {@code ResultRequest}s (default 65536)
 * @param nackIntervalNs the time between two rounds of {@code Nack}s after the replica made
 *     progress (default 20 ms)
 * @param nackIntervalNsMax the time between two rounds of {@code Nack}s while the replica makes no
 *     progress: the interval doubles after each fruitless round up to this bound, so that a
 *     replica the sequencer cannot help (it needs state transfer) asks rarely (default 1 s)
 * @param nackRangesMax missing ranges asked for in one round of {@code Nack}s (default 8)
 * @param nackEntriesMax entries asked for in one {@code Nack}: no more than the sequencer sends
 *     in answer to one (its own {@code nackEntriesMax}), so that the replica can tell when a
 *     round's first range has been answered in full and ask for the next at once (default 256)
 * @param resultChunkBytesMax result bytes in one {@code ReplicaResult} (default 8000)
 * @param ackIntervalNs the shortest time between two acknowledgements that only report new
 *     deliveries (default 5 ms): under load a replica delivers a batch every millisecond or two, and
 *     an acknowledgement for each woke the sequencer three times as often as the front end's
 *     requests did. One the sequencer needs at once (it sent delivered entries again, or a
 *     heartbeat) is not held back. Keep it well below the sequencer's retransmission timeout.
 */
public record ReplicaConfig(
        int holdbackEntriesMax,
        int executedRequestsMax,
        long nackIntervalNs,
        long nackIntervalNsMax,
        int nackRangesMax,
        int nackEntriesMax,
        int resultChunkBytesMax,
        long ackIntervalNs) {

    private static final long MILLISECOND_NS = 1_000_000L;

    public ReplicaConfig {
        Checks.check(holdbackEntriesMax >= 1, "holdbackEntriesMax %d is positive", holdbackEntriesMax);
        Checks.check(executedRequestsMax >= 1, "executedRequestsMax %d is positive", executedRequestsMax);
        Checks.check(nackIntervalNs >= 1, "nackIntervalNs %d is positive", nackIntervalNs);
        Checks.check(
                nackIntervalNsMax >= nackIntervalNs,
                "nackIntervalNsMax %d is at least nackIntervalNs %d",
                nackIntervalNsMax,
                nackIntervalNs);
        Checks.check(nackRangesMax >= 1, "nackRangesMax %d is positive", nackRangesMax);
        Checks.check(nackEntriesMax >= 1, "nackEntriesMax %d is positive", nackEntriesMax);
        Checks.check(resultChunkBytesMax >= 1, "resultChunkBytesMax %d is positive", resultChunkBytesMax);
        Checks.check(ackIntervalNs >= 0, "ackIntervalNs %d is not negative", ackIntervalNs);
    }

    public static ReplicaConfig defaults() {
        return new ReplicaConfig(8192, 65_536, 20 * MILLISECOND_NS, 1_000 * MILLISECOND_NS, 8, 256, 8000, 5 * MILLISECOND_NS);
    }

    public ReplicaConfig withHoldbackEntriesMax(int value) {
        return new ReplicaConfig(value, executedRequestsMax, nackIntervalNs, nackIntervalNsMax, nackRangesMax, nackEntriesMax, resultChunkBytesMax, ackIntervalNs);
    }

    public ReplicaConfig withExecutedRequestsMax(int value) {
        return new ReplicaConfig(holdbackEntriesMax, value, nackIntervalNs, nackIntervalNsMax, nackRangesMax, nackEntriesMax, resultChunkBytesMax, ackIntervalNs);
    }

    public ReplicaConfig withNackIntervalNs(long value) {
        return new ReplicaConfig(holdbackEntriesMax, executedRequestsMax, value, nackIntervalNsMax, nackRangesMax, nackEntriesMax, resultChunkBytesMax, ackIntervalNs);
    }

    public ReplicaConfig withNackIntervalNsMax(long value) {
        return new ReplicaConfig(holdbackEntriesMax, executedRequestsMax, nackIntervalNs, value, nackRangesMax, nackEntriesMax, resultChunkBytesMax, ackIntervalNs);
    }

    public ReplicaConfig withNackRangesMax(int value) {
        return new ReplicaConfig(holdbackEntriesMax, executedRequestsMax, nackIntervalNs, nackIntervalNsMax, value, nackEntriesMax, resultChunkBytesMax, ackIntervalNs);
    }

    public ReplicaConfig withNackEntriesMax(int value) {
        return new ReplicaConfig(holdbackEntriesMax, executedRequestsMax, nackIntervalNs, nackIntervalNsMax, nackRangesMax, value, resultChunkBytesMax, ackIntervalNs);
    }

    public ReplicaConfig withResultChunkBytesMax(int value) {
        return new ReplicaConfig(holdbackEntriesMax, executedRequestsMax, nackIntervalNs, nackIntervalNsMax, nackRangesMax, nackEntriesMax, value, ackIntervalNs);
    }

    public ReplicaConfig withAckIntervalNs(long value) {
        return new ReplicaConfig(holdbackEntriesMax, executedRequestsMax, nackIntervalNs, nackIntervalNsMax, nackRangesMax, nackEntriesMax, resultChunkBytesMax, value);
    }
}
