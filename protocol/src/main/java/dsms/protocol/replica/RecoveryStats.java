package dsms.protocol.replica;

/**
 * Counters of a replica's checkpoints and state transfers, for metrics, status and simulator
 * checks.
 *
 * @param checkpointsTaken checkpoints captured from the replica's own state
 * @param checkpointDigestsMatched peers' checkpoints found equal to this replica's at the same
 *     sequence number
 * @param checkpointDigestsDiverged peers' checkpoints found different from this replica's at the
 *     same sequence number: one of the two states diverged
 * @param transfersStarted state transfers begun (each restart after a failure counts in {@code
 *     transfersAbandoned}, not here)
 * @param transfersCompleted state transfers that ended with the replica caught up and live
 * @param transfersAbandoned fetches that failed and started over with a fresh query
 * @param checkpointFetchesGivenUp transfers abandoned because no voucher answered the checkpoint's
 *     chunk requests any more (the vouchers no longer held it, or were down)
 * @param entryCatchUpsGivenUp transfers in which no voucher answered the requests for the entries
 *     after the installed checkpoint any more (they no longer held them): the replica went live and
 *     took the rest from the sequencer (counted in {@code transfersCompleted}, not abandoned)
 * @param checkpointsInstalled checkpoints fetched from peers and installed
 * @param checkpointsRefused fetched checkpoints not installed: a digest that was not the agreed one,
 *     or bytes that decode to no valid state
 * @param queriesSent checkpoint queries sent to peers
 * @param chunkRequestsSent checkpoint chunk requests sent to peers, retries included
 * @param chunksIgnored checkpoint chunks received that the fetch was not waiting for
 * @param entryRequestsSent entries requests sent to peers, retries included
 * @param chunksServed checkpoint chunks sent to recovering peers
 * @param entriesServed ordered entries sent to recovering peers
 * @param peerRequestsUnservable peers' requests for a checkpoint or entries no longer held
 * @param resultsWithheld results not sent because the replica executed the entry while recovering
 * @param entriesReplayed entries applied from the replica's own log after a restart
 */
public record RecoveryStats(
        long checkpointsTaken,
        long checkpointDigestsMatched,
        long checkpointDigestsDiverged,
        long transfersStarted,
        long transfersCompleted,
        long transfersAbandoned,
        long checkpointFetchesGivenUp,
        long entryCatchUpsGivenUp,
        long checkpointsInstalled,
        long checkpointsRefused,
        long queriesSent,
        long chunkRequestsSent,
        long chunksIgnored,
        long entryRequestsSent,
        long chunksServed,
        long entriesServed,
        long peerRequestsUnservable,
        long resultsWithheld,
        long entriesReplayed) {}
