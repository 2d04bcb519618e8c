package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.Checkpoint;
import dsms.protocol.ClusterShape;
import dsms.protocol.Outbox;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.NodeId;
import java.util.List;
import java.util.Optional;

/**
 * A recovering replica's side of state transfer, in three phases:
 *
 * <ol>
 *   <li>{@link Phase#QUERYING}: every peer is asked for its checkpoints' digests, again every query
 *       interval (doubling up to its bound) until {@code f+1} distinct peers agree on one; the
 *       newest such checkpoint is chosen.
 *   <li>{@link Phase#FETCHING_CHECKPOINT}: when the chosen checkpoint is newer than the replica's
 *       state, its bytes are fetched in chunks from the peers that vouch for it ({@link
 *       CheckpointFetch}); their digest must be the agreed one before the replica installs them.
 *   <li>{@link Phase#FETCHING_ENTRIES}: the ordered entries after the checkpoint (or after the
 *       replica's own last entry, when that is newer) are fetched from the vouchers up to the entry
 *       they can all serve ({@link EntriesCatchUp}); then the replica is caught up and goes live.
 * </ol>
 *
 * <p>A fetch that fails (every voucher silent in turn, a digest that does not match, a checkpoint
 * the replica cannot install) starts over with a fresh query. The replica keeps trying for as long
 * as it runs, at a rate that backs off to {@code queryIntervalNsMax}: it cannot serve without its
 * state, and its manager restarts or replaces it if it stays out of reach.
 */
final class StateTransfer {
    private final ClusterShape shape;
    private final RecoveryConfig config;
    private final List<NodeId> peers;
    private final TransferOffers offers = new TransferOffers();
    private Phase phase = Phase.IDLE;
    private long queryIntervalNs;
    private long nextQueryNs;
    private TransferOffers.Choice choice;
    private CheckpointFetch fetch;
    private Checkpoint readyCheckpoint;
    private EntriesCatchUp catchUp;
    private final TransferCounters counters = new TransferCounters();

    StateTransfer(ClusterShape shape, RecoveryConfig config, List<NodeId> peers) {
        this.shape = shape;
        this.config = config;
        this.peers = List.copyOf(peers);
        this.queryIntervalNs = config.queryIntervalNs();
    }

    Phase phase() {
        return phase;
    }

    /** Begins a transfer: asks every peer for its checkpoints. */
    void start(long nowNs, Outbox outbox) {
        Checks.check(phase == Phase.IDLE, "a transfer starts when none is running, not in %s", phase);
        counters.transfersStarted++;
        queryIntervalNs = config.queryIntervalNs();
        query(nowNs, outbox);
    }

    private void query(long nowNs, Outbox outbox) {
        phase = Phase.QUERYING;
        choice = null;
        fetch = null;
        catchUp = null;
        offers.clear();
        sendQueries(nowNs, outbox);
    }

    private void sendQueries(long nowNs, Outbox outbox) {
        for (NodeId peer : peers) {
            outbox.send(peer, new CheckpointQuery());
        }
        counters.queriesSent += peers.size();
        nextQueryNs = nowNs + queryIntervalNs;
    }

    /** Starts over after a failure, waiting longer each time. */
    private void startOver(long nowNs, Outbox outbox) {
        counters.transfersAbandoned++;
        queryIntervalNs = Math.min(config.queryIntervalNsMax(), 2 * queryIntervalNs);
        query(nowNs, outbox);
    }

    Progress onAnnouncement(
            NodeId peer, CheckpointAnnouncement announcement, long lastDeliveredSequence, long nowNs, Outbox outbox) {
        if (phase != Phase.QUERYING) {
            return Progress.CONTINUING;
        }
        offers.add(peer, announcement);
        Optional<TransferOffers.Choice> agreed =
                offers.agreed(shape.faultsTolerated() + 1, config.checkpointBytesMax());
        if (agreed.isEmpty()) {
            return Progress.CONTINUING;
        }
        choice = agreed.get();
        if (choice.key().sequence() > lastDeliveredSequence) {
            phase = Phase.FETCHING_CHECKPOINT;
            fetch = new CheckpointFetch(choice, config, counters, nowNs);
            fetch.requestMore(nowNs, outbox);
            return fetch.isComplete() ? verify(nowNs, outbox) : Progress.CONTINUING;
        }
        // The replica's own state is at least as new: it needs only the entries after it.
        return fetchEntries(lastDeliveredSequence, nowNs, outbox);
    }

    Progress onChunk(NodeId peer, CheckpointChunk chunk, long nowNs, Outbox outbox) {
        if (phase != Phase.FETCHING_CHECKPOINT) {
            return Progress.CONTINUING;
        }
        CheckpointFetch.ChunkOutcome outcome = fetch.onChunk(peer, chunk, nowNs, outbox);
        if (outcome == CheckpointFetch.ChunkOutcome.IGNORED) {
            counters.chunksIgnored++;
        }
        return outcome == CheckpointFetch.ChunkOutcome.COMPLETED ? verify(nowNs, outbox) : Progress.CONTINUING;
    }

    private Progress verify(long nowNs, Outbox outbox) {
        Optional<Checkpoint> verified = fetch.verified();
        if (verified.isEmpty()) {
            // Some voucher sent bytes other than what f+1 replicas announced: never install them.
            counters.checkpointsRefused++;
            startOver(nowNs, outbox);
            return Progress.CONTINUING;
        }
        readyCheckpoint = verified.get();
        return Progress.CHECKPOINT_READY;
    }

    /** The verified checkpoint, after {@link Progress#CHECKPOINT_READY}; the replica installs it. */
    Checkpoint takeReadyCheckpoint() {
        Checks.check(readyCheckpoint != null, "a checkpoint is ready before it is taken");
        Checkpoint checkpoint = readyCheckpoint;
        readyCheckpoint = null;
        return checkpoint;
    }

    /** The replica installed the ready checkpoint: fetch the entries after it. */
    Progress installed(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        counters.checkpointsInstalled++;
        return fetchEntries(lastDeliveredSequence, nowNs, outbox);
    }

    /** The replica could not install the ready checkpoint (it decodes to no valid state). */
    void installFailed(long nowNs, Outbox outbox) {
        counters.checkpointsRefused++;
        startOver(nowNs, outbox);
    }

    private Progress fetchEntries(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        phase = Phase.FETCHING_ENTRIES;
        fetch = null;
        catchUp = new EntriesCatchUp(choice.vouchers(), choice.targetSequence(), config, counters);
        return onDelivered(lastDeliveredSequence, nowNs, outbox);
    }

    /** The replica delivered entries; in the last phase that is progress, perhaps the end. */
    Progress onDelivered(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        if (phase != Phase.FETCHING_ENTRIES) {
            return Progress.CONTINUING;
        }
        if (catchUp.isDone(lastDeliveredSequence)) {
            finish();
            return Progress.CAUGHT_UP;
        }
        catchUp.onDelivered(lastDeliveredSequence, nowNs, outbox);
        return Progress.CONTINUING;
    }

    private void finish() {
        counters.transfersCompleted++;
        phase = Phase.IDLE;
        choice = null;
        catchUp = null;
        queryIntervalNs = config.queryIntervalNs();
    }

    void onTick(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        switch (phase) {
            case IDLE -> {}
            case QUERYING -> {
                if (nowNs >= nextQueryNs) {
                    queryIntervalNs = Math.min(config.queryIntervalNsMax(), 2 * queryIntervalNs);
                    sendQueries(nowNs, outbox);
                }
            }
            case FETCHING_CHECKPOINT -> {
                if (fetch.onTick(nowNs, outbox) == CheckpointFetch.TickOutcome.GAVE_UP) {
                    startOver(nowNs, outbox);
                }
            }
            case FETCHING_ENTRIES -> {
                if (catchUp.onTick(lastDeliveredSequence, nowNs, outbox) == EntriesCatchUp.TickOutcome.GAVE_UP) {
                    startOver(nowNs, outbox);
                }
            }
        }
    }

    /** Whether ordered entries from {@code peer} are the answers this transfer waits for. */
    boolean acceptsEntriesFrom(NodeId peer) {
        return phase == Phase.FETCHING_ENTRIES && catchUp.acceptsEntriesFrom(peer);
    }

    /** The number of chunk requests the current fetch has outstanding; 0 outside that phase. */
    int chunksInFlight() {
        return fetch == null ? 0 : fetch.chunksInFlight();
    }

    TransferCounters counters() {
        return counters;
    }

    enum Phase {
        /** No transfer: the replica is live. */
        IDLE,
        QUERYING,
        FETCHING_CHECKPOINT,
        FETCHING_ENTRIES
    }

    /** What the replica has to do after handing the transfer an input. */
    enum Progress {
        /** Nothing yet. */
        CONTINUING,
        /** Install {@link #takeReadyCheckpoint()}, then report {@link #installed} or {@link #installFailed}. */
        CHECKPOINT_READY,
        /** The replica holds every entry it set out to fetch: it goes live. */
        CAUGHT_UP
    }

    /** What transfers did, for {@link RecoveryStats}. */
    static final class TransferCounters {
        long transfersStarted;
        long transfersCompleted;
        long transfersAbandoned;
        long checkpointsInstalled;
        long checkpointsRefused;
        long queriesSent;
        long chunkRequestsSent;
        long chunksIgnored;
        long entryRequestsSent;
    }
}
