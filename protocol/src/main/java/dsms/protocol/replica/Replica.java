package dsms.protocol.replica;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.core.DeterministicService;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RoleClock;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
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
 *       sequence number, when it changed or the sequencer seems not to know it; gaps below the
 *       highest known sequence number (from entries, heartbeats and result requests) are asked for
 *       with {@code Nack}s, one round per {@code nackIntervalNs}, backing off to {@code
 *       nackIntervalNsMax} while no entry gets delivered.
 *   <li>A {@code ResultRequest} is answered from the table; a request not delivered yet is
 *       answered when it is, and its sequence number reveals a gap to ask for.
 *   <li>Every delivery is reported as a {@link Delivery} effect, before its result is sent.
 * </ul>
 *
 * <p>Bounds ({@link ReplicaConfig}): {@code holdbackEntriesMax} held entries, {@code
 * executedRequestsMax} remembered executions, {@code nackRangesMax} ranges per round of
 * {@code Nack}s; results larger than {@code resultChunkBytesMax} travel in chunks.
 *
 * <p>Entries from an older sequencer epoch than one already seen are stale and ignored.
 *
 * <p>The replica keeps nothing on disk itself: a durable driver appends each reported delivery's
 * entry to its log and holds back the result sends that follow it until the log is on disk.
 */
public final class Replica<S extends DeterministicService> implements ProtocolRole {
    private final NodeId id;
    private final ClusterShape shape;
    private final ReplicaConfig config;
    private final S service;
    private final AuditSink audit;
    private final HoldbackQueue holdback;
    private final ExecutedRequests executed;
    private final RoleClock clock = new RoleClock();
    private long lastDeliveredSequence;
    private long highestKnownSequence;
    private long highestEpoch;
    private long nextNackAllowedNs = Long.MIN_VALUE;
    private long nackIntervalNs;
    private AckDue ackDue = AckDue.NO;

    private long entriesExecuted;
    private long entriesDeduplicated;
    private long entriesReceivedAgain;
    private long entriesBeyondHoldback;
    private long nacksSent;
    private long resultsResent;
    private long resultRequestsUnanswerable;
    private long messagesIgnored;

    /** A replica with a fresh service that has delivered nothing yet. */
    public Replica(NodeId id, ClusterShape shape, ReplicaConfig config, S service, AuditSink audit) {
        Checks.check(shape.isReplica(id), "%s is a replica of a cluster of %d", id, shape.replicaCount());
        this.id = id;
        this.shape = shape;
        this.config = config;
        this.service = service;
        this.audit = audit;
        this.holdback = new HoldbackQueue(config.holdbackEntriesMax());
        this.executed = new ExecutedRequests(config.executedRequestsMax());
        this.nackIntervalNs = config.nackIntervalNs();
    }

    @Override
    public NodeId id() {
        return id;
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        boolean fromSequencer = from.equals(shape.sequencer());
        if (message instanceof OrderedBatch batch && fromSequencer) {
            onBatch(batch, outbox);
        } else if (message instanceof SequencerHeartbeat heartbeat && fromSequencer) {
            onHeartbeat(heartbeat);
        } else if (message instanceof ResultRequest request && from.role() == NodeId.Role.FRONT_END) {
            onResultRequest(from, request, outbox);
        } else {
            messagesIgnored++;
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        clock.advance(nowNs);
        nackMissingEntries(outbox);
        acknowledgeIfDue(outbox);
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
        highestKnownSequence = Math.max(highestKnownSequence, entry.sequence());
        switch (holdback.offer(entry, lastDeliveredSequence)) {
            case HELD -> {}
            case ALREADY_HELD -> entriesReceivedAgain++;
            case ALREADY_DELIVERED -> {
                // The sequencer sends delivered entries again only when it lacks our acknowledgement.
                entriesReceivedAgain++;
                ackDue = AckDue.YES;
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
        ackDue = AckDue.YES;
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

    private void deliverHeldEntriesInOrder(Outbox outbox) {
        for (OrderedEntry entry = holdback.takeNext(lastDeliveredSequence);
                entry != null;
                entry = holdback.takeNext(lastDeliveredSequence)) {
            deliver(entry, outbox);
        }
    }

    private void deliver(OrderedEntry entry, Outbox outbox) {
        Optional<ExecutedRequests.Execution> earlier = executed.find(entry.requestId());
        ExecutedRequests.Execution execution = earlier.orElseGet(() -> execute(entry));
        Delivery.Kind kind = earlier.isPresent() ? Delivery.Kind.DEDUPLICATED : Delivery.Kind.EXECUTED;
        if (kind == Delivery.Kind.DEDUPLICATED) {
            entriesDeduplicated++;
        }
        lastDeliveredSequence = entry.sequence();
        ackDue = AckDue.YES;
        restartNackBackoff();
        outbox.delivered(new Delivery(id, entry, kind, execution.sequence(), execution.result()));
        sendResult(entry.frontEnd(), entry.requestId(), execution, outbox);
    }

    private ExecutedRequests.Execution execute(OrderedEntry entry) {
        byte[] result = service.apply(entry.sequence(), entry.timestampMillis(), entry.command(), audit);
        entriesExecuted++;
        return executed.record(entry.requestId(), entry.sequence(), result);
    }

    private void sendResult(NodeId frontEnd, RequestId requestId, ExecutedRequests.Execution execution, Outbox outbox) {
        for (ReplicaResult chunk :
                ResultChunks.of(execution.sequence(), requestId, execution.result(), config.resultChunkBytesMax())) {
            outbox.send(frontEnd, chunk);
        }
    }

    private void nackMissingEntries(Outbox outbox) {
        if (highestKnownSequence <= lastDeliveredSequence || clock.nowNs() < nextNackAllowedNs) {
            return;
        }
        List<Nack> ranges =
                holdback.missingRanges(lastDeliveredSequence, highestKnownSequence, config.nackRangesMax());
        for (Nack range : ranges) {
            outbox.send(shape.sequencer(), range);
        }
        nacksSent += ranges.size();
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

    private void acknowledgeIfDue(Outbox outbox) {
        if (ackDue == AckDue.YES) {
            outbox.send(shape.sequencer(), new ReplicaAck(lastDeliveredSequence));
            ackDue = AckDue.NO;
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

    private enum AckDue {
        YES,
        NO
    }
}
