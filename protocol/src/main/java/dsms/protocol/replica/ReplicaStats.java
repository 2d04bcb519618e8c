package dsms.protocol.replica;

/**
 * Counters of what a replica did, for metrics and simulator checks.
 *
 * @param entriesExecuted entries the service applied
 * @param entriesDeduplicated entries whose request had been executed before: answered from the
 *     exactly-once table, not executed again
 * @param entriesReceivedAgain copies of entries already held or delivered
 * @param entriesBeyondHoldback entries dropped because they were too far ahead of the last
 *     delivered one
 * @param nacksSent missing ranges asked for
 * @param resultsResent results sent again on a {@code ResultRequest}
 * @param resultRequestsUnanswerable {@code ResultRequest}s for a request delivered too long ago to
 *     be remembered
 * @param messagesIgnored messages not for a replica, from an unexpected node, or from an older
 *     sequencer epoch
 */
public record ReplicaStats(
        long entriesExecuted,
        long entriesDeduplicated,
        long entriesReceivedAgain,
        long entriesBeyondHoldback,
        long nacksSent,
        long resultsResent,
        long resultRequestsUnanswerable,
        long messagesIgnored) {}
