package dsms.protocol.sequencer;

import dsms.core.Checks;

/**
 * The sequencer's bounds and timers. {@link #defaults()} gives values for a LAN; the byte limit
 * of a batch comes from the codec (what fits in one datagram after its header and HMAC).
 *
 * @param batchEntriesMax entries in one {@code OrderedBatch} (default 64)
 * @param batchBytesMax encoded bytes of the entries in one batch, as the codec counts them
 *     (default 8192); an entry larger than this is never ordered
 * @param retransmissionEntriesMax entries kept for retransmission until every replica has
 *     acknowledged them (default 8192)
 * @param recentRequestsMax request IDs remembered with their sequence numbers, so that a resent
 *     request is acknowledged with its first number instead of being ordered again (default 65536)
 * @param retransmitTimeoutNs how long a replica may leave sent entries unacknowledged, without any
 *     progress, before they are sent to it again (default 50 ms)
 * @param retransmitEntriesMax entries sent again to one replica each time its timeout fires
 *     (default 256)
 * @param retransmitAttemptsMax timeouts in a row without progress after which the sequencer stops
 *     pushing entries to a replica, which has likely crashed; a live one still asks with {@code
 *     Nack}s, since heartbeats tell it what it lacks, and its next progress restarts the pushing
 *     (default 8)
 * @param nackEntriesMax entries sent in answer to one {@code Nack} (default 256)
 * @param heartbeatIntervalNs how long the sequencer stays silent before telling the replicas the
 *     highest sequence number again (default 100 ms)
 * @param ackIntervalNs how long the acknowledgements of newly ordered requests may wait to leave
 *     together (default 5 ms): a front end needs them only to stop resending, which it does after
 *     far longer, and each datagram of them woke it once per batch on top of the replicas' results.
 *     A resent request is acknowledged at once. Keep it well below the front ends' resend interval.
 */
public record SequencerConfig(
        int batchEntriesMax,
        int batchBytesMax,
        int retransmissionEntriesMax,
        int recentRequestsMax,
        long retransmitTimeoutNs,
        int retransmitEntriesMax,
        int retransmitAttemptsMax,
        int nackEntriesMax,
        long heartbeatIntervalNs,
        long ackIntervalNs) {

    private static final long MILLISECOND_NS = 1_000_000L;

    public SequencerConfig {
        Checks.check(batchEntriesMax >= 1, "batchEntriesMax %d is positive", batchEntriesMax);
        Checks.check(batchBytesMax >= 1, "batchBytesMax %d is positive", batchBytesMax);
        Checks.check(retransmissionEntriesMax >= 1, "retransmissionEntriesMax %d is positive", retransmissionEntriesMax);
        Checks.check(recentRequestsMax >= 1, "recentRequestsMax %d is positive", recentRequestsMax);
        Checks.check(retransmitTimeoutNs >= 1, "retransmitTimeoutNs %d is positive", retransmitTimeoutNs);
        Checks.check(retransmitEntriesMax >= 1, "retransmitEntriesMax %d is positive", retransmitEntriesMax);
        Checks.check(retransmitAttemptsMax >= 1, "retransmitAttemptsMax %d is positive", retransmitAttemptsMax);
        Checks.check(nackEntriesMax >= 1, "nackEntriesMax %d is positive", nackEntriesMax);
        Checks.check(heartbeatIntervalNs >= 1, "heartbeatIntervalNs %d is positive", heartbeatIntervalNs);
        Checks.check(ackIntervalNs >= 0, "ackIntervalNs %d is not negative", ackIntervalNs);
    }

    public static SequencerConfig defaults() {
        return new SequencerConfig(
                64, 8192, 8192, 65_536, 50 * MILLISECOND_NS, 256, 8, 256, 100 * MILLISECOND_NS, 5 * MILLISECOND_NS);
    }

    public SequencerConfig withBatchEntriesMax(int value) {
        return new SequencerConfig(value, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withBatchBytesMax(int value) {
        return new SequencerConfig(batchEntriesMax, value, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withRetransmissionEntriesMax(int value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, value, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withRecentRequestsMax(int value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, value, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withRetransmitTimeoutNs(long value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, value, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withRetransmitEntriesMax(int value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, value, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withRetransmitAttemptsMax(int value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, value, nackEntriesMax, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withNackEntriesMax(int value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, value, heartbeatIntervalNs, ackIntervalNs);
    }

    public SequencerConfig withHeartbeatIntervalNs(long value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, value, ackIntervalNs);
    }

    public SequencerConfig withAckIntervalNs(long value) {
        return new SequencerConfig(batchEntriesMax, batchBytesMax, retransmissionEntriesMax, recentRequestsMax, retransmitTimeoutNs, retransmitEntriesMax, retransmitAttemptsMax, nackEntriesMax, heartbeatIntervalNs, value);
    }
}
