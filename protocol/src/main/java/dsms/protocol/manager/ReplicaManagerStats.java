package dsms.protocol.manager;

/**
 * Counters of what a replica manager did, for {@code dsms status}, metrics and simulator checks.
 *
 * @param restarts restarts of its replica it decided (crashes a majority confirmed)
 * @param replacements replacements of its replica it decided (consecutive wrong results)
 * @param roundsConfirmedCrash suspicion rounds that ended with a majority unable to reach the
 *     replica
 * @param roundsAlive suspicion rounds that ended with the replica reachable
 * @param roundsUndecided suspicion rounds that ended at their deadline without a decision
 * @param probesSent probes sent, to suspects and to its own replica
 * @param reportsSent findings sent to suspects' managers
 * @param suspicionsRaised crash suspicions it raised itself because its replica stopped answering
 *     health probes
 * @param findingsIgnored findings about its replica that arrived when no round could open
 * @param wrongResultsCounted WRONG verdicts counted towards a replacement
 * @param verdictsStale verdicts about results before the latest replacement
 * @param messagesIgnored messages not for a manager or from an unexpected node
 */
public record ReplicaManagerStats(
        long restarts,
        long replacements,
        long roundsConfirmedCrash,
        long roundsAlive,
        long roundsUndecided,
        long probesSent,
        long reportsSent,
        long suspicionsRaised,
        long findingsIgnored,
        long wrongResultsCounted,
        long verdictsStale,
        long messagesIgnored) {}
