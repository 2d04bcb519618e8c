package dsms.protocol.sequencer;

/**
 * Counters of what a sequencer did, for metrics and simulator checks.
 *
 * @param requestsOrdered requests given a new sequence number
 * @param requestsReacknowledged resent requests acknowledged with the number they already had
 * @param requestsRefusedBusy requests answered with {@code SequencerBusy}
 * @param requestsRefusedTooLarge requests dropped because their entry would not fit in a batch
 * @param entriesRetransmitted entries sent again, after a timeout or a {@code Nack}
 * @param entriesDroppedUnreplicated entries forgotten before every replica acknowledged them
 * @param heartbeatsSent heartbeats sent to replicas, counted per replica
 * @param messagesIgnored messages that were not for a sequencer, came from an unknown node, or
 *     were stale
 */
public record SequencerStats(
        long requestsOrdered,
        long requestsReacknowledged,
        long requestsRefusedBusy,
        long requestsRefusedTooLarge,
        long entriesRetransmitted,
        long entriesDroppedUnreplicated,
        long heartbeatsSent,
        long messagesIgnored) {}
