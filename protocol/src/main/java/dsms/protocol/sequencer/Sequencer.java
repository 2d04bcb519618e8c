package dsms.protocol.sequencer;

import dsms.core.Checks;
import dsms.protocol.ClusterShape;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RoleClock;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequencer: puts every client request in one total order and reliably multicasts it, in
 * batches, to every replica.
 *
 * <p>Its job:
 *
 * <ul>
 *   <li>A {@code ClientRequest} gets the next sequence number (from 1, tagged with this
 *       incarnation's epoch) and a timestamp, and is acknowledged with {@code SequencerAck}: on a
 *       tick, together with the others ordered within {@code ackIntervalNs}. A resent request
 *       whose ID is still remembered is acknowledged at once with the number it already has: it
 *       is never ordered twice.
 *   <li>On each tick, the entries ordered since the last tick leave in {@code OrderedBatch}es to
 *       every replica (unicast fan-out; there is no multicast on loopback).
 *   <li>Every entry stays in the retransmission buffer until every replica has acknowledged it.
 *       A {@code Nack} is answered from the buffer; entries a replica leaves unacknowledged, with
 *       no progress for a timeout, are sent to it again, up to {@code retransmitAttemptsMax} times
 *       in a row (a crashed replica is not pushed forever; a live one keeps asking).
 *   <li>While no batch leaves for a heartbeat interval, a {@code SequencerHeartbeat} tells the
 *       replicas the highest sequence number, so that a replica whose last batch was lost asks for
 *       it.
 *   <li>Backpressure: when the buffer is full, its oldest entry may be forgotten only if {@code
 *       f+1} replicas hold it (a replica that lacks it catches up by state transfer). Otherwise the
 *       request is refused with {@code SequencerBusy} and nothing is ordered.
 *   <li>A {@code Nack} for entries the buffer no longer holds is answered with {@code
 *       EntriesForgotten}, once per such nack (the replica's nacks back off, and stop while it
 *       recovers), so that the replica starts state transfer instead of asking forever.
 * </ul>
 *
 * <p>Bounds ({@link SequencerConfig}): {@code retransmissionEntriesMax} buffered entries, {@code
 * recentRequestsMax} remembered request IDs, {@code batchEntriesMax} and {@code batchBytesMax} per
 * batch, {@code retransmitEntriesMax} entries per replica per retransmission timeout, {@code
 * nackEntriesMax} entries per {@code Nack}.
 *
 * <p>Time: the entry timestamp is {@code nowNs / 1e6} of the latest tick, and it is the service's
 * only clock, so the driver's {@code nowNs} for a sequencer must count nanoseconds since the Unix
 * epoch (monotonic: for example the wall clock read once at start plus {@code System.nanoTime()}
 * elapsed since).
 */
public final class Sequencer implements ProtocolRole {
    private static final long MILLISECOND_NS = 1_000_000L;
    /** Acknowledgements one front end's list holds before they leave without waiting for the tick. */
    static final int ACKS_WAITING_MAX = 4_096;

    private final NodeId id;
    private final ClusterShape shape;
    private final SequencerConfig config;
    private final long epoch;
    private final OrderedEntrySizer sizer;
    private final RecentRequests recentRequests;
    private final RetransmissionBuffer buffer;
    private final ReplicaProgress progress;
    private final RoleClock clock = new RoleClock();
    private long highestSentSequence;
    private long lastBroadcastNs;
    /**
     * Acknowledgements of newly ordered requests waiting to leave, by front end in the order they
     * first asked; at most {@link #ACKS_WAITING_MAX} each.
     */
    private final Map<NodeId, List<SequencerAck>> acksWaiting = new LinkedHashMap<>();
    private long nextAcksDueNs = Long.MIN_VALUE;

    private long requestsOrdered;
    private long requestsReacknowledged;
    private long requestsRefusedBusy;
    private long requestsRefusedTooLarge;
    private long entriesRetransmitted;
    private long entriesDroppedUnreplicated;
    private long heartbeatsSent;
    private long messagesIgnored;
    private long entriesForgottenNoticesSent;

    /**
     * A sequencer that assigns sequence numbers from 1 in {@code epoch}.
     *
     * @param sizer the codec's count of an entry's encoded bytes inside a batch
     */
    public Sequencer(NodeId id, ClusterShape shape, SequencerConfig config, long epoch, OrderedEntrySizer sizer) {
        this(id, shape, config, epoch, sizer, 1);
    }

    private Sequencer(
            NodeId id, ClusterShape shape, SequencerConfig config, long epoch, OrderedEntrySizer sizer,
            long firstSequence) {
        Checks.check(id.role() == NodeId.Role.SEQUENCER, "a sequencer has a sequencer ID, not %s", id);
        Checks.check(epoch >= 1, "epoch %d is positive", epoch);
        this.id = id;
        this.shape = shape;
        this.config = config;
        this.epoch = epoch;
        this.sizer = sizer;
        this.recentRequests = new RecentRequests(config.recentRequestsMax());
        this.buffer = new RetransmissionBuffer(config.retransmissionEntriesMax(), firstSequence);
        this.progress = new ReplicaProgress(shape.replicaCount());
    }

    /**
     * A sequencer restarted from its own log: it continues the numbering after the last logged
     * entry, and holds the logged tail for retransmission as if it had just sent it, so that no
     * sequence number is ever given to two different requests and replicas that missed the tail
     * still get it (a heartbeat shows them the gap).
     *
     * <p>Entries before the tail are taken as held by every replica: the driver only forgets log
     * entries older than the retransmission window, which the sequencer had forgotten too.
     *
     * @param loggedTail the last logged entries, consecutive and oldest first; only the newest
     *     {@code retransmissionEntriesMax} are kept
     */
    public static Sequencer resuming(
            NodeId id, ClusterShape shape, SequencerConfig config, long epoch, OrderedEntrySizer sizer,
            List<OrderedEntry> loggedTail) {
        int keptFrom = Math.max(0, loggedTail.size() - config.retransmissionEntriesMax());
        List<OrderedEntry> kept = loggedTail.subList(keptFrom, loggedTail.size());
        long firstSequence = kept.isEmpty() ? 1 : kept.get(0).sequence();
        Sequencer sequencer = new Sequencer(id, shape, config, epoch, sizer, firstSequence);
        for (OrderedEntry entry : kept) {
            Checks.check(entry.sequence() == sequencer.buffer.lastSequence() + 1,
                    "a logged tail is consecutive: %d follows %d", entry.sequence(), sequencer.buffer.lastSequence());
            sequencer.buffer.append(entry);
            if (sequencer.recentRequests.sequenceOf(entry.requestId()) == 0) {
                sequencer.recentRequests.remember(entry.requestId(), entry.sequence());
            }
        }
        sequencer.highestSentSequence = sequencer.buffer.lastSequence();
        for (int replica = 0; replica < shape.replicaCount() && firstSequence > 1; replica++) {
            sequencer.progress.acknowledge(replica, firstSequence - 1);
        }
        return sequencer;
    }

    @Override
    public NodeId id() {
        return id;
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        if (message instanceof ClientRequest request && from.role() == NodeId.Role.FRONT_END) {
            onClientRequest(from, request, outbox);
        } else if (message instanceof ReplicaAck ack && shape.isReplica(from)) {
            onReplicaAck(from.index(), ack);
        } else if (message instanceof Nack nack && shape.isReplica(from)) {
            onNack(from, nack, outbox);
        } else {
            messagesIgnored++;
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        if (clock.advance(nowNs) == RoleClock.Advance.FIRST_TICK) {
            lastBroadcastNs = nowNs;
        }
        broadcastNewEntries(outbox);
        sendAcksIfDue(outbox);
        retransmitOverdueEntries(outbox);
        heartbeatIfIdle(outbox);
    }

    private void onClientRequest(NodeId frontEnd, ClientRequest request, Outbox outbox) {
        long knownSequence = recentRequests.sequenceOf(request.requestId());
        if (knownSequence != 0) {
            requestsReacknowledged++;
            outbox.send(frontEnd, new SequencerAck(request.requestId(), epoch, knownSequence));
            return;
        }
        long timestampMillis = Math.floorDiv(clock.nowNs(), MILLISECOND_NS);
        OrderedEntry entry = new OrderedEntry(
                epoch, buffer.lastSequence() + 1, timestampMillis, request.requestId(), frontEnd, request.command());
        if (sizer.encodedBytes(entry) > config.batchBytesMax()) {
            // It could never be sent; the front end bounds commands so that this does not happen.
            requestsRefusedTooLarge++;
            return;
        }
        if (makeRoomForOneEntry() == Room.NONE) {
            requestsRefusedBusy++;
            outbox.send(frontEnd, new SequencerBusy(request.requestId()));
            return;
        }
        buffer.append(entry);
        recentRequests.remember(request.requestId(), entry.sequence());
        requestsOrdered++;
        acknowledgeLater(frontEnd, new SequencerAck(request.requestId(), epoch, entry.sequence()), outbox);
    }

    /** Frees one slot when the buffer is full, by forgetting the oldest entry if f+1 replicas hold it. */
    private Room makeRoomForOneEntry() {
        if (!buffer.isFull()) {
            return Room.AVAILABLE;
        }
        if (progress.countHolding(buffer.oldest().sequence()) < shape.replicasHoldingBeforeDrop()) {
            return Room.NONE;
        }
        buffer.removeOldest();
        entriesDroppedUnreplicated++;
        return Room.AVAILABLE;
    }

    private void onReplicaAck(int replica, ReplicaAck ack) {
        long sequence = ack.highestContiguousSequence();
        if (sequence > highestSentSequence) {
            // Nothing beyond what was sent can be held: a stale or confused acknowledgement.
            messagesIgnored++;
            return;
        }
        if (progress.acknowledge(replica, sequence) == ReplicaProgress.AckOutcome.NOT_NEWER) {
            return;
        }
        if (sequence == highestSentSequence) {
            progress.stopTimer(replica);
        } else {
            progress.restartTimer(replica, clock.nowNs() + config.retransmitTimeoutNs());
        }
        forgetEntriesEveryReplicaHolds();
    }

    private void forgetEntriesEveryReplicaHolds() {
        long lowest = progress.lowestAcknowledged();
        while (!buffer.isEmpty() && buffer.firstSequence() <= lowest) {
            buffer.removeOldest();
        }
    }

    private void onNack(NodeId replica, Nack nack, Outbox outbox) {
        if (isBehindBuffer(replica.index()) || nack.fromSequence() < buffer.firstSequence()) {
            // Retransmitting later entries cannot help a replica that lacks forgotten ones: it
            // catches up from its peers, who hold them (f+1 replicas acknowledged each of them).
            messagesIgnored++;
            entriesForgottenNoticesSent++;
            outbox.send(replica, new EntriesForgotten(epoch, buffer.firstSequence()));
            return;
        }
        long from = Math.max(nack.fromSequence(), buffer.firstSequence());
        long to = Math.min(nack.toSequence(), highestSentSequence);
        if (from > to) {
            messagesIgnored++;
            return;
        }
        to = Math.min(to, from + config.nackEntriesMax() - 1);
        resend(replica, buffer.range(from, to), outbox);
    }

    private void acknowledgeLater(NodeId frontEnd, SequencerAck ack, Outbox outbox) {
        List<SequencerAck> waiting = acksWaiting.computeIfAbsent(frontEnd, node -> new ArrayList<>());
        waiting.add(ack);
        if (waiting.size() >= ACKS_WAITING_MAX) {
            sendAcks(frontEnd, waiting, outbox);
        }
    }

    /** Sends every waiting acknowledgement once the interval since the last ones is over. */
    private void sendAcksIfDue(Outbox outbox) {
        if (clock.nowNs() < nextAcksDueNs) {
            return;
        }
        boolean sent = false;
        for (Map.Entry<NodeId, List<SequencerAck>> waiting : acksWaiting.entrySet()) {
            sent |= !waiting.getValue().isEmpty();
            sendAcks(waiting.getKey(), waiting.getValue(), outbox);
        }
        if (sent) {
            nextAcksDueNs = clock.nowNs() + config.ackIntervalNs();
        }
    }

    private static void sendAcks(NodeId frontEnd, List<SequencerAck> waiting, Outbox outbox) {
        for (SequencerAck ack : waiting) {
            outbox.send(frontEnd, ack);
        }
        waiting.clear();
    }

    private void broadcastNewEntries(Outbox outbox) {
        if (highestSentSequence == buffer.lastSequence()) {
            return;
        }
        List<OrderedBatch> batches = split(buffer.range(highestSentSequence + 1, buffer.lastSequence()));
        for (NodeId replica : shape.replicas()) {
            for (OrderedBatch batch : batches) {
                outbox.send(replica, batch);
            }
            progress.startTimerIfStopped(
                    replica.index(), clock.nowNs() + config.retransmitTimeoutNs(), config.retransmitAttemptsMax());
        }
        highestSentSequence = buffer.lastSequence();
        lastBroadcastNs = clock.nowNs();
    }

    private void retransmitOverdueEntries(Outbox outbox) {
        for (NodeId replica : shape.replicas()) {
            int index = replica.index();
            if (!progress.isDue(index, clock.nowNs())) {
                continue;
            }
            if (isBehindBuffer(index) || progress.countAttempt(index) > config.retransmitAttemptsMax()) {
                // Pushing cannot help (forgotten entries) or gets no answer (likely crashed): stop
                // until the replica makes progress; a live one asks with Nacks meanwhile.
                progress.stopTimer(index);
                continue;
            }
            progress.restartTimer(index, clock.nowNs() + config.retransmitTimeoutNs());
            long from = progress.acknowledged(index) + 1;
            long to = Math.min(highestSentSequence, from + config.retransmitEntriesMax() - 1);
            resend(replica, buffer.range(from, to), outbox);
        }
    }

    private void heartbeatIfIdle(Outbox outbox) {
        if (clock.nowNs() - lastBroadcastNs < config.heartbeatIntervalNs()) {
            return;
        }
        for (NodeId replica : shape.replicas()) {
            outbox.send(replica, new SequencerHeartbeat(epoch, highestSentSequence));
            heartbeatsSent++;
        }
        lastBroadcastNs = clock.nowNs();
    }

    private void resend(NodeId replica, List<OrderedEntry> entries, Outbox outbox) {
        for (OrderedBatch batch : split(entries)) {
            outbox.send(replica, batch);
        }
        entriesRetransmitted += entries.size();
    }

    private List<OrderedBatch> split(List<OrderedEntry> entries) {
        return Batches.split(entries, config.batchEntriesMax(), config.batchBytesMax(), sizer);
    }

    /** Whether the replica lacks an entry the buffer no longer holds: only state transfer helps it. */
    private boolean isBehindBuffer(int replica) {
        return progress.acknowledged(replica) + 1 < buffer.firstSequence();
    }

    public long epoch() {
        return epoch;
    }

    /** The last sequence number given to a request; 0 before the first. */
    public long highestAssignedSequence() {
        return buffer.lastSequence();
    }

    /** The last sequence number sent to the replicas in a batch. */
    public long highestSentSequence() {
        return highestSentSequence;
    }

    public int bufferedEntries() {
        return buffer.size();
    }

    /** The highest sequence number the replica acknowledged cumulatively. */
    public long acknowledgedSequence(int replica) {
        return progress.acknowledged(replica);
    }

    /** The replicas that lack entries the buffer no longer holds, by index, ascending. */
    public List<Integer> replicasBehindBuffer() {
        List<Integer> behind = new ArrayList<>();
        for (int replica = 0; replica < shape.replicaCount(); replica++) {
            if (isBehindBuffer(replica)) {
                behind.add(replica);
            }
        }
        return behind;
    }

    /** {@code EntriesForgotten} notices sent to replicas whose nacks asked for forgotten entries. */
    public long entriesForgottenNoticesSent() {
        return entriesForgottenNoticesSent;
    }

    public SequencerStats stats() {
        return new SequencerStats(
                requestsOrdered,
                requestsReacknowledged,
                requestsRefusedBusy,
                requestsRefusedTooLarge,
                entriesRetransmitted,
                entriesDroppedUnreplicated,
                heartbeatsSent,
                messagesIgnored);
    }

    private enum Room {
        AVAILABLE,
        NONE
    }
}
