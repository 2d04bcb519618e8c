package dsms.protocol.replica;

import dsms.core.StateDigest;
import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointDigest;
import dsms.protocol.Outbox;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.NodeId;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fetches one agreed checkpoint in chunks from the peers that vouch for it.
 *
 * <p>Bounds: the reassembly buffer is exactly the agreed length (which {@code f+1} peers vouch for
 * and which is at most {@code checkpointBytesMax}); at most {@code chunkRequestsInFlightMax} chunk
 * requests are outstanding. A request unanswered for {@code transferRequestTimeoutNs} is sent
 * again. When no chunk at all arrives for a timeout, that counts as a failed attempt of the current
 * peer; after {@code transferAttemptsPerPeerMax} of them the next voucher is asked, and once every
 * voucher failed in a row the fetch gives up. The bytes are used only if their digest is the agreed
 * one.
 */
final class CheckpointFetch {
    private final TransferOffers.CheckpointKey key;
    private final List<NodeId> vouchers;
    private final RecoveryConfig config;
    private final int chunkBytes;
    private final int chunkCount;
    private final byte[] bytes;
    private final BitSet received;
    /** Chunk index to the time its latest request left. */
    private final TreeMap<Integer, Long> inFlight = new TreeMap<>();
    private int receivedCount;
    private int nextUnrequested;
    private int peerIndex;
    private int attemptsWithoutProgress;
    private int peersFailedInARow;
    private long progressDeadlineNs;
    private final StateTransfer.TransferCounters counters;

    CheckpointFetch(
            TransferOffers.Choice choice, RecoveryConfig config, StateTransfer.TransferCounters counters, long nowNs) {
        this.key = choice.key();
        this.counters = counters;
        this.vouchers = choice.vouchers();
        this.config = config;
        this.chunkBytes = config.checkpointChunkBytes();
        this.bytes = new byte[key.checkpointBytes()];
        this.chunkCount = (bytes.length + chunkBytes - 1) / chunkBytes;
        this.received = new BitSet(chunkCount);
        this.progressDeadlineNs = nowNs + config.transferRequestTimeoutNs();
    }

    long sequence() {
        return key.sequence();
    }

    boolean isComplete() {
        return receivedCount == chunkCount;
    }

    /** Fills the window of outstanding requests from the chunks not asked for yet. */
    void requestMore(long nowNs, Outbox outbox) {
        while (inFlight.size() < config.chunkRequestsInFlightMax() && nextUnrequested < chunkCount) {
            int chunk = nextUnrequested++;
            if (!received.get(chunk)) {
                request(chunk, nowNs, outbox);
            }
        }
    }

    ChunkOutcome onChunk(NodeId peer, CheckpointChunk chunk, long nowNs, Outbox outbox) {
        int index = indexOf(chunk);
        if (!vouchers.contains(peer) || index < 0 || received.get(index)) {
            return ChunkOutcome.IGNORED;
        }
        System.arraycopy(chunk.chunk(), 0, bytes, chunk.offsetBytes(), chunk.chunk().length);
        received.set(index);
        receivedCount++;
        inFlight.remove(index);
        attemptsWithoutProgress = 0;
        peersFailedInARow = 0;
        progressDeadlineNs = nowNs + config.transferRequestTimeoutNs();
        requestMore(nowNs, outbox);
        return isComplete() ? ChunkOutcome.COMPLETED : ChunkOutcome.ACCEPTED;
    }

    /** The chunk's index when it is exactly one expected chunk of this checkpoint, else -1. */
    private int indexOf(CheckpointChunk chunk) {
        if (chunk.sequence() != key.sequence() || chunk.offsetBytes() % chunkBytes != 0) {
            return -1;
        }
        int index = chunk.offsetBytes() / chunkBytes;
        if (index >= chunkCount || chunk.chunk().length != expectedLength(index)) {
            return -1;
        }
        return index;
    }

    private int expectedLength(int index) {
        return Math.min(chunkBytes, bytes.length - index * chunkBytes);
    }

    /** Sends requests again when they are overdue, switching peers when one stays silent. */
    TickOutcome onTick(long nowNs, Outbox outbox) {
        if (nowNs >= progressDeadlineNs) {
            if (++attemptsWithoutProgress >= config.transferAttemptsPerPeerMax()) {
                attemptsWithoutProgress = 0;
                peerIndex = (peerIndex + 1) % vouchers.size();
                if (++peersFailedInARow >= vouchers.size()) {
                    return TickOutcome.GAVE_UP;
                }
            }
            progressDeadlineNs = nowNs + config.transferRequestTimeoutNs();
            for (int chunk : List.copyOf(inFlight.keySet())) {
                request(chunk, nowNs, outbox);
            }
            return TickOutcome.CONTINUING;
        }
        // A lost request must not shrink the window for good while other chunks still arrive.
        for (var outstanding : List.copyOf(inFlight.entrySet())) {
            if (nowNs - outstanding.getValue() >= config.transferRequestTimeoutNs()) {
                request(outstanding.getKey(), nowNs, outbox);
            }
        }
        return TickOutcome.CONTINUING;
    }

    private void request(int chunk, long nowNs, Outbox outbox) {
        int offsetBytes = chunk * chunkBytes;
        outbox.send(
                vouchers.get(peerIndex),
                new CheckpointChunkRequest(key.sequence(), offsetBytes, expectedLength(chunk)));
        inFlight.put(chunk, nowNs);
        counters.chunkRequestsSent++;
    }

    /** The reassembled checkpoint if its digest is the agreed one; call once complete. */
    Optional<Checkpoint> verified() {
        StateDigest digest = CheckpointDigest.of(bytes);
        return digest.equals(key.digest())
                ? Optional.of(new Checkpoint(key.sequence(), digest, bytes))
                : Optional.empty();
    }

    int chunksInFlight() {
        return inFlight.size();
    }

    int chunkCount() {
        return chunkCount;
    }

    enum ChunkOutcome {
        /** Not a chunk this fetch is waiting for: another checkpoint, a duplicate, a stranger. */
        IGNORED,
        ACCEPTED,
        /** The last missing chunk arrived. */
        COMPLETED
    }

    enum TickOutcome {
        CONTINUING,
        /** Every voucher stayed silent in turn: the transfer starts over. */
        GAVE_UP
    }
}
