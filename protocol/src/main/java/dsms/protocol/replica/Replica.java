package dsms.protocol.replica;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.core.DeterministicService;
import dsms.core.SnapshotFormatException;
import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RoleClock;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.List;
import java.util.Optional;

/**
 * A replica: delivers the sequencer's entries strictly in sequence order to a deterministic
 * service, exactly once per request, and sends each result to the entry's front end.
 *
 * <p>Its job:
 *
 * <ul>
 *   <li>Entries that arrive early wait in the holdback queue; each entry right after the last
 *       delivered one is delivered at once, then any held entries that follow it.
 *   <li>Before executing, the exactly-once table is consulted: a request ID executed before (a
 *       resent request the sequencer ordered again) consumes its new sequence number but is not
 *       executed again; its stored result is sent again, with the sequence number it was
 *       executed at, so that every correct replica sends the same bytes and number.
 *   <li>On each tick, a cumulative {@code ReplicaAck} tells the sequencer the last delivered
 *       sequence number: at once when the sequencer seems not to know it, and at most once per
 *       {@code ackIntervalNs} when it only changed by new deliveries; gaps below the
 *       highest known sequence number (from entries, heartbeats and result requests) are asked for
 *       with {@code Nack}s of at most {@code nackEntriesMax} entries a range, one round per {@code
 *       nackIntervalNs}, backing off to {@code nackIntervalNsMax} while no entry gets delivered;
 *       a round whose first range has been delivered in full is followed at once.
 *   <li>A {@code ResultRequest} is answered from the table; a request not delivered yet is
 *       answered when it is, and its sequence number reveals a gap to ask for.
 *   <li>Every delivery is reported as a {@link Delivery} effect, before its result is sent.
 *   <li>After every entry whose sequence number is a multiple of {@code checkpointIntervalEntries}
 *       it captures a checkpoint (sequence number, exactly-once table, service snapshot); once its
 *       digest is computed, a slice per message or tick, it reports it as a {@link
 *       CheckpointEvent} for the driver to save and announces the digest to its peers.
 *       It keeps its latest two checkpoints and the entries after the older one, and serves them to
 *       recovering peers.
 *   <li>A {@code Probe} from a replica manager is answered at once with the replica's status.
 * </ul>
 *
 * <p>Recovery ({@link ReplicaStatus#RECOVERING}): a replica that the sequencer tells its entries
 * were forgotten ({@code EntriesForgotten}), or that its driver started with {@link
 * #startStateTransfer()} (a replaced replica), fetches a checkpoint that {@code f+1} peers agree on
 * and the entries after it ({@link StateTransfer}), then goes live again. While recovering it sends
 * no {@code Nack}s and no results: the entries it executes then were answered long ago by the
 * others, and a flood of stale results would only load the front end. It still answers {@code
 * ResultRequest}s from its table, whose results are those of the agreed state, and it still
 * acknowledges what it holds, so that the sequencer can free its buffer.
 *
 * <p>Restart from disk: the driver calls {@link #restoreCheckpoint} with the newest checkpoint it
 * saved, then {@link #replay} with every entry it logged after it, then ticks the replica. Replay
 * sends no results: a result lost in the crash is asked for again by the front end ({@code
 * ResultRequest}) and answered from the table, while resending the whole log tail would be a flood
 * of answers nobody waits for.
 *
 * <p>Bounds ({@link ReplicaConfig}, {@link RecoveryConfig}): {@code holdbackEntriesMax} held
 * entries, {@code executedRequestsMax} remembered executions, {@code nackRangesMax} ranges per
 * round of {@code Nack}s; results larger than {@code resultChunkBytesMax} travel in chunks; two
 * retained checkpoints, one more waiting for its digest, and {@code 3 * checkpointIntervalEntries}
 * recent entries; one transfer at a time, with the bounds of {@link CheckpointFetch} and {@link
 * EntriesCatchUp}.
 *
 * <p>Entries from an older sequencer epoch than one already seen are stale and ignored.
 *
 * <p>The replica keeps nothing on disk itself: a durable driver appends each reported delivery's
 * entry to its log and holds back the result sends that follow it until the log is on disk; it
 * saves each reported checkpoint the same way.
 */
public final class Replica<S extends DeterministicService> implements ProtocolRole {
    private final NodeId id;
    private final ClusterShape shape;
    private final ReplicaConfig config;
    private final S service;
    private final AuditSink audit;
    private final HoldbackQueue holdback;
    private final ExecutedRequests executed;
    private final ReplicaCheckpoints checkpoints;
    private final StateServer server;
    private final StateTransfer transfer;
    private final RoleClock clock = new RoleClock();
    private ReplicaStatus status = ReplicaStatus.LIVE;
    private long lastDeliveredSequence;
    private long highestKnownSequence;
    private long highestEpoch;
    private long nextNackAllowedNs = Long.MIN_VALUE;
    private long nackIntervalNs;
    /** The end of the first range the latest round of {@code Nack}s asked for; 0 with no gap. */
    private long nackedThroughSequence;
    private AckDue ackDue = AckDue.NO;
    /** When an acknowledgement of new deliveries alone may leave next; the first may leave at once. */
    private long nextAckAllowedNs = Long.MIN_VALUE;

    private long entriesExecuted;
    private long entriesDeduplicated;
    private long entriesReceivedAgain;
    private long entriesBeyondHoldback;
    private long nacksSent;
    private long resultsResent;
    private long resultRequestsUnanswerable;
    private long messagesIgnored;
    private long resultsWithheld;
    private long entriesReplayed;

    /** A replica with a fresh service that has delivered nothing yet, with default recovery settings. */
    public Replica(NodeId id, ClusterShape shape, ReplicaConfig config, S service, AuditSink audit) {
        this(id, shape, config, RecoveryConfig.defaults(), service, audit);
    }

    /** A replica with a fresh service that has delivered nothing yet. */
    public Replica(
            NodeId id, ClusterShape shape, ReplicaConfig config, RecoveryConfig recoveryConfig, S service, AuditSink audit) {
        Checks.check(shape.isReplica(id), "%s is a replica of a cluster of %d", id, shape.replicaCount());
        this.id = id;
        this.shape = shape;
        this.config = config;
        this.service = service;
        this.audit = audit;
        this.holdback = new HoldbackQueue(config.holdbackEntriesMax());
        this.executed = new ExecutedRequests(config.executedRequestsMax());
        this.nackIntervalNs = config.nackIntervalNs();
        Checkpoint initial = Checkpoint.of(0, CheckpointFormat.encode(0, executed, service.snapshot()));
        this.checkpoints = new ReplicaCheckpoints(id, shape, recoveryConfig, initial);
        this.server = new StateServer(recoveryConfig, checkpoints);
        this.transfer = new StateTransfer(shape, recoveryConfig, checkpoints.peers());
    }

    @Override
    public NodeId id() {
        return id;
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        if (from.equals(shape.sequencer())) {
            onSequencerMessage(message, outbox);
        } else if (message instanceof ResultRequest request && from.role() == NodeId.Role.FRONT_END) {
            onResultRequest(from, request, outbox);
        } else if (message instanceof Probe probe && isManager(from)) {
            outbox.send(from, new ProbeReply(probe.nonce(), status, lastDeliveredSequence));
        } else if (shape.isReplica(from) && !from.equals(id)) {
            onPeerMessage(from, message, outbox);
        } else {
            messagesIgnored++;
        }
        checkpoints.continueDigest(lastDeliveredSequence, outbox);
    }

    private void onSequencerMessage(Message message, Outbox outbox) {
        if (message instanceof OrderedBatch batch) {
            onBatch(batch, outbox);
        } else if (message instanceof SequencerHeartbeat heartbeat) {
            onHeartbeat(heartbeat);
        } else if (message instanceof EntriesForgotten notice) {
            onEntriesForgotten(notice);
        } else {
            messagesIgnored++;
        }
    }

    private void onPeerMessage(NodeId peer, Message message, Outbox outbox) {
        if (message instanceof CheckpointQuery) {
            server.answerQuery(peer, lastDeliveredSequence, outbox);
        } else if (message instanceof CheckpointChunkRequest request) {
            server.answerChunkRequest(peer, request, outbox);
        } else if (message instanceof EntriesRequest request) {
            server.answerEntriesRequest(peer, request, outbox);
        } else if (message instanceof CheckpointAnnouncement announcement) {
            onAnnouncement(peer, announcement);
        } else if (message instanceof CheckpointChunk chunk && status == ReplicaStatus.RECOVERING) {
            follow(transfer.onChunk(peer, chunk, clock.nowNs(), outbox), outbox);
        } else if (message instanceof OrderedBatch batch && transfer.acceptsEntriesFrom(peer)) {
            onPeerEntries(batch, outbox);
        } else {
            messagesIgnored++;
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        clock.advance(nowNs);
        if (status == ReplicaStatus.RECOVERING) {
            if (transfer.phase() == StateTransfer.Phase.IDLE) {
                transfer.start(nowNs, outbox);
            } else {
                follow(transfer.onTick(lastDeliveredSequence, nowNs, outbox), outbox);
            }
        }
        nackMissingEntries(outbox);
        acknowledgeIfDue(outbox);
        checkpoints.continueDigest(lastDeliveredSequence, outbox);
    }

    private void onBatch(OrderedBatch batch, Outbox outbox) {
        for (OrderedEntry entry : batch.entries()) {
            admit(entry);
        }
        deliverHeldEntriesInOrder(outbox);
    }

    private void admit(OrderedEntry entry) {
        if (isStale(entry.epoch())) {
            messagesIgnored++;
            return;
        }
        hold(entry);
    }

    /**
     * Entries from a peer skip the epoch check: they were delivered in order by that peer, and may
     * rightly carry an older epoch than the live stream when the sequencer was restarted since.
     */
    private void onPeerEntries(OrderedBatch batch, Outbox outbox) {
        for (OrderedEntry entry : batch.entries()) {
            hold(entry);
        }
        deliverHeldEntriesInOrder(outbox);
    }

    private void hold(OrderedEntry entry) {
        highestKnownSequence = Math.max(highestKnownSequence, entry.sequence());
        switch (holdback.offer(entry, lastDeliveredSequence)) {
            case HELD -> {}
            case ALREADY_HELD -> entriesReceivedAgain++;
            case ALREADY_DELIVERED -> {
                // The sequencer sends delivered entries again only when it lacks our acknowledgement.
                entriesReceivedAgain++;
                ackDue = AckDue.NOW;
            }
            case BEYOND_WINDOW -> entriesBeyondHoldback++;
        }
    }

    private void onHeartbeat(SequencerHeartbeat heartbeat) {
        if (isStale(heartbeat.epoch())) {
            messagesIgnored++;
            return;
        }
        highestKnownSequence = Math.max(highestKnownSequence, heartbeat.highestSequence());
        // Keeps the sequencer's view fresh even when an earlier acknowledgement was lost.
        ackDue = AckDue.NOW;
    }

    /**
     * The sequencer cannot retransmit what this replica lacks: catch up from the peers instead.
     * A notice that arrives after the replica caught up (it answered an older nack) is stale.
     */
    private void onEntriesForgotten(EntriesForgotten notice) {
        if (isStale(notice.epoch())
                || status == ReplicaStatus.RECOVERING
                || lastDeliveredSequence + 1 >= notice.firstHeldSequence()) {
            messagesIgnored++;
            return;
        }
        status = ReplicaStatus.RECOVERING;
    }

    private void onResultRequest(NodeId frontEnd, ResultRequest request, Outbox outbox) {
        Optional<ExecutedRequests.Execution> execution = executed.find(request.requestId());
        if (execution.isPresent()) {
            resultsResent++;
            sendResult(frontEnd, request.requestId(), execution.get(), outbox);
        } else if (request.sequence() > lastDeliveredSequence) {
            // Not delivered yet: the result goes out on delivery, and the next tick asks for the gap.
            highestKnownSequence = Math.max(highestKnownSequence, request.sequence());
        } else {
            resultRequestsUnanswerable++;
        }
    }

    private void onAnnouncement(NodeId peer, CheckpointAnnouncement announcement) {
        checkpoints.onPeerAnnouncement(peer, announcement);
        if (status == ReplicaStatus.RECOVERING) {
            transfer.onAnnouncement(peer, announcement);
        }
    }

    /** Does what the state transfer asks for after it took an input. */
    private void follow(StateTransfer.Progress progress, Outbox outbox) {
        switch (progress) {
            case CONTINUING -> {}
            case CHECKPOINT_READY -> installFromPeers(transfer.takeReadyCheckpoint(), outbox);
            case CAUGHT_UP -> becomeLive();
        }
    }

    private void installFromPeers(Checkpoint checkpoint, Outbox outbox) {
        if (checkpoint.sequence() <= lastDeliveredSequence) {
            // Live entries carried the replica past the checkpoint while it was fetched: installing
            // it would only undo them. The entries after its own state are all it needs.
            follow(transfer.checkpointOvertaken(lastDeliveredSequence, clock.nowNs(), outbox), outbox);
            return;
        }
        Optional<CheckpointFormat.Contents> contents =
                CheckpointFormat.decode(checkpoint.bytes(), config.executedRequestsMax());
        if (contents.isEmpty()
                || contents.get().sequence() != checkpoint.sequence()
                || install(contents.get(), checkpoint) == RestoreOutcome.INVALID) {
            transfer.installFailed(clock.nowNs());
            return;
        }
        outbox.checkpointed(new CheckpointEvent(id, CheckpointEvent.Kind.INSTALLED, checkpoint));
        ackDue = AckDue.NOW;
        follow(transfer.installed(lastDeliveredSequence, clock.nowNs(), outbox), outbox);
        // Live entries held while the checkpoint was fetched may follow it directly.
        deliverHeldEntriesInOrder(outbox);
    }

    /** Replaces the whole state by a checkpoint's; nothing changes when the service refuses it. */
    private RestoreOutcome install(CheckpointFormat.Contents contents, Checkpoint checkpoint) {
        try {
            service.restore(contents.snapshot());
        } catch (SnapshotFormatException e) {
            return RestoreOutcome.INVALID;
        }
        executed.restore(contents.executions(), contents.lastRecordedSequence());
        lastDeliveredSequence = checkpoint.sequence();
        highestKnownSequence = Math.max(highestKnownSequence, checkpoint.sequence());
        holdback.discardThrough(checkpoint.sequence());
        checkpoints.installed(checkpoint);
        return RestoreOutcome.RESTORED;
    }

    private void becomeLive() {
        status = ReplicaStatus.LIVE;
        ackDue = AckDue.NOW;
        restartNackBackoff();
    }

    private void deliverHeldEntriesInOrder(Outbox outbox) {
        for (OrderedEntry entry = holdback.takeNext(lastDeliveredSequence);
                entry != null;
                entry = holdback.takeNext(lastDeliveredSequence)) {
            deliver(entry, outbox);
        }
    }

    private void deliver(OrderedEntry entry, Outbox outbox) {
        Delivery delivery = apply(entry);
        ackDeliveries();
        restartNackBackoff();
        outbox.delivered(delivery);
        if (status == ReplicaStatus.LIVE) {
            sendResult(entry.frontEnd(), entry.requestId(), new ExecutedRequests.Execution(
                    delivery.executedSequence(), delivery.result()), outbox);
        } else {
            resultsWithheld++;
        }
        checkpointIfDue(entry.sequence(), outbox);
        if (status == ReplicaStatus.RECOVERING) {
            follow(transfer.onDelivered(lastDeliveredSequence, clock.nowNs(), outbox), outbox);
        }
    }

    /** Executes the entry, or records it as a duplicate, and makes it the last delivered one. */
    private Delivery apply(OrderedEntry entry) {
        Optional<ExecutedRequests.Execution> earlier = executed.find(entry.requestId());
        ExecutedRequests.Execution execution = earlier.orElseGet(() -> execute(entry));
        Delivery.Kind kind = earlier.isPresent() ? Delivery.Kind.DEDUPLICATED : Delivery.Kind.EXECUTED;
        if (kind == Delivery.Kind.DEDUPLICATED) {
            entriesDeduplicated++;
        }
        lastDeliveredSequence = entry.sequence();
        checkpoints.recordDelivered(entry);
        return new Delivery(id, entry, kind, execution.sequence(), execution.result());
    }

    private ExecutedRequests.Execution execute(OrderedEntry entry) {
        byte[] result = service.apply(entry.sequence(), entry.timestampMillis(), entry.command(), audit);
        entriesExecuted++;
        return executed.record(entry.requestId(), entry.sequence(), result);
    }

    private void checkpointIfDue(long sequence, Outbox outbox) {
        if (checkpoints.isDue(sequence)) {
            CheckpointFormat.Capture capture = CheckpointFormat.capture(sequence, executed, service.snapshot());
            checkpoints.captured(sequence, capture, lastDeliveredSequence, outbox);
        }
    }

    private void sendResult(NodeId frontEnd, RequestId requestId, ExecutedRequests.Execution execution, Outbox outbox) {
        for (ReplicaResult chunk :
                ResultChunks.of(execution.sequence(), requestId, execution.result(), config.resultChunkBytesMax())) {
            outbox.send(frontEnd, chunk);
        }
    }

    private void nackMissingEntries(Outbox outbox) {
        if (status != ReplicaStatus.LIVE || highestKnownSequence <= lastDeliveredSequence) {
            nackedThroughSequence = 0;
            return;
        }
        // A round whose first range has arrived in full is followed at once, not after the
        // interval: a replica far behind (after a pause, or restarted) then catches up at the
        // speed of round trips. Paced by the interval alone, it got 256 entries every 20 ms,
        // about 12,800 a second; the sequencer admits a new request only as a second replica
        // acknowledges its oldest entry, so under a higher load the replica stayed a whole window
        // behind and held the cluster to that rate for as long as the load lasted.
        boolean answeredInFull = nackedThroughSequence > 0 && lastDeliveredSequence >= nackedThroughSequence;
        if (!answeredInFull && clock.nowNs() < nextNackAllowedNs) {
            return;
        }
        List<Nack> ranges = holdback.missingRanges(
                lastDeliveredSequence, highestKnownSequence, config.nackRangesMax(), config.nackEntriesMax());
        if (ranges.isEmpty()) {
            return;
        }
        for (Nack range : ranges) {
            outbox.send(shape.sequencer(), range);
        }
        nacksSent += ranges.size();
        nackedThroughSequence = ranges.get(0).toSequence();
        nextNackAllowedNs = clock.nowNs() + nackIntervalNs;
        // Backs off until the next delivery: the sequencer may be unable to help (forgotten
        // entries) or unreachable, and asking at full rate would then never end.
        nackIntervalNs = Math.min(config.nackIntervalNsMax(), 2 * nackIntervalNs);
    }

    /** Progress shows the sequencer can help: ask for any remaining gap at the base rate again. */
    private void restartNackBackoff() {
        nackIntervalNs = config.nackIntervalNs();
        nextNackAllowedNs = Math.min(nextNackAllowedNs, clock.nowNs() + nackIntervalNs);
    }

    /** New deliveries are reported within the interval, unless something needs reporting at once. */
    private void ackDeliveries() {
        if (ackDue == AckDue.NO) {
            ackDue = AckDue.AFTER_INTERVAL;
        }
    }

    private void acknowledgeIfDue(Outbox outbox) {
        boolean due = ackDue == AckDue.NOW
                || (ackDue == AckDue.AFTER_INTERVAL && clock.nowNs() >= nextAckAllowedNs);
        if (due) {
            outbox.send(shape.sequencer(), new ReplicaAck(lastDeliveredSequence));
            ackDue = AckDue.NO;
            nextAckAllowedNs = clock.nowNs() + config.ackIntervalNs();
        }
    }

    /** Whether a message comes from an older sequencer incarnation than one already heard. */
    private boolean isStale(long epoch) {
        if (epoch < highestEpoch) {
            return true;
        }
        highestEpoch = epoch;
        return false;
    }

    private boolean isManager(NodeId node) {
        return node.role() == NodeId.Role.REPLICA_MANAGER && node.index() < shape.replicaCount();
    }

    // The restart and recovery API, for drivers.

    /**
     * Starts a restarted replica from the newest checkpoint its driver saved (the bytes of a
     * {@link CheckpointEvent}), before anything is delivered or replayed. Its entries after the
     * checkpoint follow with {@link #replay}. The bytes' structure is checked here; their integrity
     * on disk is the store's to check (a CRC), as checkpoints carry no checksum of their own.
     */
    public RestoreOutcome restoreCheckpoint(byte[] checkpointBytes) {
        Checks.check(
                lastDeliveredSequence == 0 && status == ReplicaStatus.LIVE && holdback.size() == 0,
                "a stored checkpoint is restored before anything is delivered");
        Optional<CheckpointFormat.Contents> contents =
                CheckpointFormat.decode(checkpointBytes, config.executedRequestsMax());
        if (contents.isEmpty()) {
            return RestoreOutcome.INVALID;
        }
        return install(contents.get(), Checkpoint.of(contents.get().sequence(), checkpointBytes));
    }

    /**
     * Applies one entry from the replica's own log, after {@link #restoreCheckpoint} and before the
     * live stream, exactly as its delivery did: executed, or recorded as a duplicate. It emits no
     * {@link Delivery} (the entry is logged already) and sends no result (see the class comment);
     * it takes the checkpoints that fall due, so their events and announcements go to {@code
     * outbox}. Entries the restored state already includes are skipped; a gap is a driver bug.
     */
    public ReplayOutcome replay(OrderedEntry entry, Outbox outbox) {
        Checks.check(status == ReplicaStatus.LIVE, "a replica replays its log before any state transfer");
        if (entry.sequence() <= lastDeliveredSequence) {
            return ReplayOutcome.ALREADY_APPLIED;
        }
        Checks.check(
                entry.sequence() == lastDeliveredSequence + 1,
                "a log replays consecutive entries: %d after %d",
                entry.sequence(),
                lastDeliveredSequence);
        highestEpoch = Math.max(highestEpoch, entry.epoch());
        highestKnownSequence = Math.max(highestKnownSequence, entry.sequence());
        apply(entry);
        entriesReplayed++;
        ackDeliveries();
        checkpointIfDue(entry.sequence(), outbox);
        return ReplayOutcome.APPLIED;
    }

    /**
     * Makes the replica take its state from its peers, from its next tick: what a driver does for a
     * replaced replica, which starts with an empty state and must trust nothing of its own.
     */
    public void startStateTransfer() {
        status = ReplicaStatus.RECOVERING;
    }

    // Read-only views, for drivers, status reports and checkers.

    public ReplicaStatus status() {
        return status;
    }

    /** The sequence number of the last entry delivered to the service; 0 before the first. */
    public long lastDeliveredSequence() {
        return lastDeliveredSequence;
    }

    /** The highest sequence number this replica knows to exist. */
    public long highestKnownSequence() {
        return highestKnownSequence;
    }

    public int heldEntries() {
        return holdback.size();
    }

    /** The newest checkpoint held: what the driver persists and what peers can fetch. */
    public Checkpoint latestCheckpoint() {
        return checkpoints.retained().latest();
    }

    /** Every checkpoint held, oldest first. */
    public List<Checkpoint> retainedCheckpoints() {
        return checkpoints.retained().all();
    }

    /** The latest checkpoint the replica with this index announced to this one, if any. */
    public Optional<CheckpointAnnouncement> peerCheckpoint(int replicaIndex) {
        return checkpoints.comparison().latestOf(replicaIndex);
    }

    /** Checkpoint chunk requests outstanding in the current state transfer; 0 when not fetching one. */
    public int checkpointChunksInFlight() {
        return transfer.chunksInFlight();
    }

    /** The replicated service; drivers and checkers read it, only the replica applies commands. */
    public S service() {
        return service;
    }

    /** The exactly-once table, read-only to everyone but the replica. */
    public ExecutedRequests executedRequests() {
        return executed;
    }

    public ReplicaStats stats() {
        return new ReplicaStats(
                entriesExecuted,
                entriesDeduplicated,
                entriesReceivedAgain,
                entriesBeyondHoldback,
                nacksSent,
                resultsResent,
                resultRequestsUnanswerable,
                messagesIgnored);
    }

    public RecoveryStats recoveryStats() {
        StateTransfer.TransferCounters transfers = transfer.counters();
        return new RecoveryStats(
                checkpoints.checkpointsTaken(),
                checkpoints.comparison().matched(),
                checkpoints.comparison().diverged(),
                transfers.transfersStarted,
                transfers.transfersCompleted,
                transfers.transfersAbandoned,
                transfers.checkpointFetchesGivenUp,
                transfers.entryCatchUpsGivenUp,
                transfers.checkpointsInstalled,
                transfers.checkpointsRefused,
                transfers.queriesSent,
                transfers.chunkRequestsSent,
                transfers.chunksIgnored,
                transfers.entryRequestsSent,
                server.chunksServed(),
                server.entriesServed(),
                server.requestsUnservable(),
                resultsWithheld,
                entriesReplayed);
    }

    /** Whether the sequencer is owed an acknowledgement, and how soon. */
    private enum AckDue {
        NO,
        /** Only new deliveries to report: within {@code ackIntervalNs} of the previous one. */
        AFTER_INTERVAL,
        /** The sequencer seems not to know what this replica holds: on this tick. */
        NOW
    }
}
