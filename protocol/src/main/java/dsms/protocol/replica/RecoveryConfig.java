package dsms.protocol.replica;

import dsms.core.Checks;

/**
 * A replica's checkpoint schedule and the bounds and timers of state transfer. {@link
 * #defaults()} gives values for a LAN. Every replica of a cluster uses the same values: replicas
 * compare checkpoints taken at the same sequence numbers and serve each other chunks of the same
 * size.
 *
 * <p>A replica keeps its latest {@value #CHECKPOINTS_RETAINED} checkpoints and the ordered entries
 * after the older one, at most {@link #recentEntriesMax()} of them, so that a peer that picks
 * either checkpoint can also fetch the entries after it. A transfer has to finish within about two
 * checkpoint intervals of execution, before the peers forget the checkpoint it fetches; a transfer
 * that takes longer starts over with a newer checkpoint, so the interval should take longer to
 * execute than a checkpoint takes to transfer.
 *
 * @param checkpointIntervalEntries a checkpoint is taken after every entry whose sequence number
 *     is a multiple of this (default 1024)
 * @param checkpointBytesMax the largest checkpoint a recovering replica fetches; offers of larger
 *     ones are ignored, which bounds the memory a transfer takes (default 256 MiB)
 * @param checkpointChunkBytes checkpoint bytes in one {@code CheckpointChunk}; at most what the
 *     codec fits in one datagram ({@code DatagramCodec.checkpointChunkBytesMax()}) and at most 65535
 *     (default 8000)
 * @param chunkRequestsInFlightMax chunk requests a recovering replica has outstanding at once
 *     (default 16)
 * @param transferRequestTimeoutNs how long a recovering replica waits for an answer before asking
 *     again (default 100 ms)
 * @param transferAttemptsPerPeerMax timeouts in a row without progress after which a recovering
 *     replica asks the next peer; once every peer failed in a row a checkpoint fetch starts over,
 *     and a catch-up on the entries after the checkpoint leaves the rest to the sequencer (default
 *     4)
 * @param queryIntervalNs how long a recovering replica waits for {@code f+1} peers to agree on a
 *     checkpoint before asking every peer again (default 100 ms)
 * @param queryIntervalNsMax the query interval doubles while no agreement comes, up to this bound:
 *     a replica that cannot recover (too many peers down) asks rarely but never stops (default 2 s)
 * @param entriesPerRequestMax entries asked for in one {@code EntriesRequest} and sent in answer to
 *     one (default 256)
 * @param entriesReplyBytesMax entry bytes in one {@code OrderedBatch} sent to a peer, as {@code
 *     OrderedEntrySizer.UPPER_BOUND_ESTIMATE} counts them (default 8192)
 * @param checkpointDigestSliceBytes checkpoint bytes hashed per message or tick the replica handles
 *     while a new checkpoint's digest is computed (default 256 KiB, about 0.2 ms of SHA-256 here,
 *     so a 7 MB checkpoint's digest spreads over about 30 of them)
 */
public record RecoveryConfig(
        int checkpointIntervalEntries,
        int checkpointBytesMax,
        int checkpointChunkBytes,
        int chunkRequestsInFlightMax,
        long transferRequestTimeoutNs,
        int transferAttemptsPerPeerMax,
        long queryIntervalNs,
        long queryIntervalNsMax,
        int entriesPerRequestMax,
        int entriesReplyBytesMax,
        int checkpointDigestSliceBytes) {

    /** Checkpoints a replica keeps to serve its peers: the latest and the one before. */
    public static final int CHECKPOINTS_RETAINED = 2;
    /** The largest interval: the recent entries it implies must fit one array. */
    public static final int CHECKPOINT_INTERVAL_ENTRIES_MAX = 1 << 24;
    /** A chunk request's length travels as 16 bits. */
    public static final int CHECKPOINT_CHUNK_BYTES_MAX = 0xFFFF;

    private static final long MILLISECOND_NS = 1_000_000L;

    public RecoveryConfig {
        Checks.check(
                checkpointIntervalEntries >= 1 && checkpointIntervalEntries <= CHECKPOINT_INTERVAL_ENTRIES_MAX,
                "checkpointIntervalEntries %d is within 1..%d",
                checkpointIntervalEntries,
                CHECKPOINT_INTERVAL_ENTRIES_MAX);
        Checks.check(checkpointBytesMax >= 1, "checkpointBytesMax %d is positive", checkpointBytesMax);
        Checks.check(
                checkpointChunkBytes >= 1 && checkpointChunkBytes <= CHECKPOINT_CHUNK_BYTES_MAX,
                "checkpointChunkBytes %d is within 1..%d",
                checkpointChunkBytes,
                CHECKPOINT_CHUNK_BYTES_MAX);
        Checks.check(chunkRequestsInFlightMax >= 1, "chunkRequestsInFlightMax %d is positive", chunkRequestsInFlightMax);
        Checks.check(transferRequestTimeoutNs >= 1, "transferRequestTimeoutNs %d is positive", transferRequestTimeoutNs);
        Checks.check(
                transferAttemptsPerPeerMax >= 1, "transferAttemptsPerPeerMax %d is positive", transferAttemptsPerPeerMax);
        Checks.check(queryIntervalNs >= 1, "queryIntervalNs %d is positive", queryIntervalNs);
        Checks.check(
                queryIntervalNsMax >= queryIntervalNs,
                "queryIntervalNsMax %d is at least queryIntervalNs %d",
                queryIntervalNsMax,
                queryIntervalNs);
        Checks.check(entriesPerRequestMax >= 1, "entriesPerRequestMax %d is positive", entriesPerRequestMax);
        Checks.check(entriesReplyBytesMax >= 1, "entriesReplyBytesMax %d is positive", entriesReplyBytesMax);
        Checks.check(checkpointDigestSliceBytes >= 1, "checkpointDigestSliceBytes %d is positive", checkpointDigestSliceBytes);
    }

    public static RecoveryConfig defaults() {
        return new RecoveryConfig(
                1024, 256 << 20, 8000, 16, 100 * MILLISECOND_NS, 4, 100 * MILLISECOND_NS, 2_000 * MILLISECOND_NS, 256, 8192, 256 * 1024);
    }

    /**
     * Ordered entries a replica keeps after its older retained checkpoint: the retained intervals,
     * and one more while the next checkpoint's digest is being computed.
     */
    public int recentEntriesMax() {
        return (CHECKPOINTS_RETAINED + 1) * checkpointIntervalEntries;
    }

    public RecoveryConfig withCheckpointIntervalEntries(int value) {
        return new RecoveryConfig(value, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withCheckpointBytesMax(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, value, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withCheckpointChunkBytes(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, value, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withChunkRequestsInFlightMax(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, value, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withTransferRequestTimeoutNs(long value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, value, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withTransferAttemptsPerPeerMax(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, value, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withQueryIntervalNs(long value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, value, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withQueryIntervalNsMax(long value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, value, entriesPerRequestMax, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withEntriesPerRequestMax(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, value, entriesReplyBytesMax, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withEntriesReplyBytesMax(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, value, checkpointDigestSliceBytes);
    }

    public RecoveryConfig withCheckpointDigestSliceBytes(int value) {
        return new RecoveryConfig(checkpointIntervalEntries, checkpointBytesMax, checkpointChunkBytes, chunkRequestsInFlightMax, transferRequestTimeoutNs, transferAttemptsPerPeerMax, queryIntervalNs, queryIntervalNsMax, entriesPerRequestMax, entriesReplyBytesMax, value);
    }
}
