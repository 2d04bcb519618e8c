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
 *       interval (doubling up to its bound) until {@code f+1} distinct peers agree on one; on the
 *       tick after the announcements arrived, the newest such checkpoint is chosen.
 *   <li>{@link Phase#FETCHING_CHECKPOINT}: when the chosen checkpoint is newer than the replica's
 *       state, its bytes are fetched in chunks from the peers that vouch for it ({@link
 *       CheckpointFetch}); their digest must be the agreed one before the replica installs them.
 *   <li>{@link Phase#FETCHING_ENTRIES}: the ordered entries after the checkpoint (or after the
 *       replica's own last entry, when that is newer) are fetched from the vouchers up to the entry
 *       they can all serve ({@link EntriesCatchUp}); then the replica is caught up and goes live.
 *       If every voucher stops answering for them (they took newer checkpoints meanwhile and
 *       forgot them), the replica goes live all the same and takes the rest from the sequencer.
 * </ol>
 *
 * <p>A checkpoint fetch that fails (every voucher silent in turn, a digest that does not match, a
 * checkpoint the replica cannot install) starts over with a fresh query after a wait. The replica
 * keeps trying for as long as it runs, at a rate that backs off to one round per {@code queryIntervalNsMax}: it
 * cannot serve without its state, and its manager restarts or replaces it if it stays out of
 * reach.
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
        forgetChoice();
        sendQueries(nowNs, outbox);
    }

    private void forgetChoice() {
        phase = Phase.QUERYING;
        choice = null;
        fetch = null;
        catchUp = null;
        offers.clear();
    }

    private void sendQueries(long nowNs, Outbox outbox) {
        for (NodeId peer : peers) {
            outbox.send(peer, new CheckpointQuery());
        }
        counters.queriesSent += peers.size();
        nextQueryNs = nowNs + queryIntervalNs;
    }

    /**
     * Starts over after a failure: queries again after the query interval, which doubles each time
     * up to its bound, so that a transfer that keeps failing keeps asking, but ever more rarely.
     */
    private void startOver(long nowNs) {
        counters.transfersAbandoned++;
        queryIntervalNs = Math.min(config.queryIntervalNsMax(), 2 * queryIntervalNs);
        forgetChoice();
        nextQueryNs = nowNs + queryIntervalNs;
    }

    /**
     * Takes a peer's announcement; the choice waits for the next tick, so that every announcement
     * of the burst (a peer announces both its checkpoints at once) is weighed before choosing.
     */
    void onAnnouncement(NodeId peer, CheckpointAnnouncement announcement) {
        if (phase == Phase.QUERYING) {
            offers.add(peer, announcement);
        }
    }

    /** Chooses the newest checkpoint f+1 peers agree on, if any, and starts fetching what is needed. */
    private Progress chooseIfAgreed(long lastDeliveredSequence, long nowNs, Outbox outbox) {
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
            return fetch.isComplete() ? verify(nowNs) : Progress.CONTINUING;
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
        return outcome == CheckpointFetch.ChunkOutcome.COMPLETED ? verify(nowNs) : Progress.CONTINUING;
    }

    private Progress verify(long nowNs) {
        Optional<Checkpoint> verified = fetch.verified();
        if (verified.isEmpty()) {
            // Some voucher sent bytes other than what f+1 replicas announced: never install them.
            counters.checkpointsRefused++;
            startOver(nowNs);
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

    /** The replica's own state moved past the ready checkpoint meanwhile: fetch only entries. */
    Progress checkpointOvertaken(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        return fetchEntries(lastDeliveredSequence, nowNs, outbox);
    }

    /** The replica could not install the ready checkpoint (it decodes to no valid state). */
    void installFailed(long nowNs) {
        counters.checkpointsRefused++;
        startOver(nowNs);
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

    /**
     * The vouchers stopped answering for the entries after the checkpoint (or after the replica's
     * own state, when that was newer): under load
     * they take newer checkpoints while the transfer runs and forget the entries before them (a
     * peer keeps about two checkpoint intervals). A new transfer would race them again, and often
     * lose again; the sequencer keeps a longer window of entries than the peers, so the replica goes
     * live and asks it for the rest. If the sequencer forgot them too, its {@code EntriesForgotten}
     * starts a new transfer.
     */
    private Progress leaveTheRestToTheSequencer() {
        counters.entryCatchUpsGivenUp++;
        finish();
        return Progress.CAUGHT_UP;
    }

    private void finish() {
        counters.transfersCompleted++;
        phase = Phase.IDLE;
        choice = null;
        catchUp = null;
        queryIntervalNs = config.queryIntervalNs();
    }

    Progress onTick(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        switch (phase) {
            case IDLE -> {}
            case QUERYING -> {
                Progress progress = chooseIfAgreed(lastDeliveredSequence, nowNs, outbox);
                if (phase == Phase.QUERYING && nowNs >= nextQueryNs) {
                    sendQueries(nowNs, outbox);
                    queryIntervalNs = Math.min(config.queryIntervalNsMax(), 2 * queryIntervalNs);
                }
                return progress;
            }
            case FETCHING_CHECKPOINT -> {
                if (fetch.onTick(nowNs, outbox) == CheckpointFetch.TickOutcome.GAVE_UP) {
                    counters.checkpointFetchesGivenUp++;
                    startOver(nowNs);
                }
            }
            case FETCHING_ENTRIES -> {
                if (catchUp.onTick(lastDeliveredSequence, nowNs, outbox) == EntriesCatchUp.TickOutcome.GAVE_UP) {
                    return leaveTheRestToTheSequencer();
                }
            }
        }
        return Progress.CONTINUING;
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
        /**
         * The replica holds every entry it set out to fetch, or the vouchers no longer serve the
         * rest: it goes live, and asks the sequencer for any gap as a replica behind does.
         */
        CAUGHT_UP
    }

    /** What transfers did, for {@link RecoveryStats}. */
    static final class TransferCounters {
        long transfersStarted;
        long transfersCompleted;
        long transfersAbandoned;
        long checkpointFetchesGivenUp;
        long entryCatchUpsGivenUp;
        long checkpointsInstalled;
        long checkpointsRefused;
        long queriesSent;
        long chunkRequestsSent;
        long chunksIgnored;
        long entryRequestsSent;
    }
}
