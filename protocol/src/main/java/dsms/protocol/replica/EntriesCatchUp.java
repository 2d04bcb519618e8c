package dsms.protocol.replica;

import dsms.protocol.Outbox;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.NodeId;
import java.util.List;

/**
 * Fetches the ordered entries after a checkpoint from the peers that vouched for it, up to the
 * entry every one of them can serve, in bounded requests, the next one sent when half of the
 * previous one has arrived.
 *
 * <p>The entries come back as {@code OrderedBatch}es and take the replica's normal path (holdback
 * queue, exactly-once table, delivery), so the replica's last delivered sequence number is the
 * measure of progress. A request not fully answered within {@code transferRequestTimeoutNs} is
 * sent again from the first missing entry; {@code transferAttemptsPerPeerMax} timeouts in a row
 * without progress move on to the next peer, and once every peer failed in a row the catch-up
 * gives up (the replica then takes the rest from the sequencer, {@link StateTransfer}).
 */
final class EntriesCatchUp {
    private final List<NodeId> peers;
    private final long targetSequence;
    private final RecoveryConfig config;
    private int peerIndex;
    private long requestedThroughSequence;
    private long deliveredAtRequestSequence;
    private long deadlineNs;
    private int attemptsWithoutProgress;
    private int peersFailedInARow;
    private final StateTransfer.TransferCounters counters;

    EntriesCatchUp(List<NodeId> peers, long targetSequence, RecoveryConfig config, StateTransfer.TransferCounters counters) {
        this.peers = List.copyOf(peers);
        this.counters = counters;
        this.targetSequence = targetSequence;
        this.config = config;
    }

    /** Whether the replica has every entry it set out to fetch. */
    boolean isDone(long lastDeliveredSequence) {
        return lastDeliveredSequence >= targetSequence;
    }

    boolean acceptsEntriesFrom(NodeId peer) {
        return peers.contains(peer);
    }

    /**
     * Asks for the next entries once half of the latest request is delivered, so that the peer
     * prepares and sends the next range while the replica still executes the current one; at most
     * one and a half requests' worth of entries are ever outstanding beyond the last delivered one.
     */
    void onDelivered(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        if (isDone(lastDeliveredSequence)) {
            return;
        }
        if (lastDeliveredSequence >= requestedThroughSequence) {
            attemptsWithoutProgress = 0;
            peersFailedInARow = 0;
            request(lastDeliveredSequence, nowNs, outbox);
        } else if (requestedThroughSequence < targetSequence
                && requestedThroughSequence - lastDeliveredSequence <= config.entriesPerRequestMax() / 2) {
            attemptsWithoutProgress = 0;
            peersFailedInARow = 0;
            request(requestedThroughSequence, nowNs, outbox);
            deliveredAtRequestSequence = lastDeliveredSequence;
        }
    }

    /** Sends the current request again when it is overdue, switching peers when one stays silent. */
    TickOutcome onTick(long lastDeliveredSequence, long nowNs, Outbox outbox) {
        if (isDone(lastDeliveredSequence) || nowNs < deadlineNs) {
            return TickOutcome.CONTINUING;
        }
        if (lastDeliveredSequence > deliveredAtRequestSequence) {
            // Part of the answer arrived: the peer is alive, the rest was lost or is late.
            attemptsWithoutProgress = 0;
            peersFailedInARow = 0;
        } else if (++attemptsWithoutProgress >= config.transferAttemptsPerPeerMax()) {
            attemptsWithoutProgress = 0;
            peerIndex = (peerIndex + 1) % peers.size();
            if (++peersFailedInARow >= peers.size()) {
                return TickOutcome.GAVE_UP;
            }
        }
        request(lastDeliveredSequence, nowNs, outbox);
        return TickOutcome.CONTINUING;
    }

    /** Requests the entries after {@code afterSequence}, at most {@code entriesPerRequestMax} of them. */
    private void request(long afterSequence, long nowNs, Outbox outbox) {
        long from = afterSequence + 1;
        long to = Math.min(targetSequence, afterSequence + config.entriesPerRequestMax());
        outbox.send(peers.get(peerIndex), new EntriesRequest(from, to));
        requestedThroughSequence = to;
        deliveredAtRequestSequence = afterSequence;
        deadlineNs = nowNs + config.transferRequestTimeoutNs();
        counters.entryRequestsSent++;
    }

    long targetSequence() {
        return targetSequence;
    }

    enum TickOutcome {
        CONTINUING,
        GAVE_UP
    }
}
