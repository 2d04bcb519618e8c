package dsms.protocol.replica;

import dsms.protocol.Checkpoint;
import dsms.protocol.Outbox;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.sequencer.Batches;
import dsms.protocol.sequencer.OrderedEntrySizer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A replica's answers to recovering peers: its checkpoints' digests, chunks of their bytes, and
 * the ordered entries after them. Every answer is bounded (one chunk of at most {@code
 * checkpointChunkBytes}, at most {@code entriesPerRequestMax} entries); a request for something no
 * longer held is not answered, and the requester asks another peer after its timeout.
 */
final class StateServer {
    private final RecoveryConfig config;
    private final ReplicaCheckpoints checkpoints;
    private long chunksServed;
    private long entriesServed;
    private long requestsUnservable;

    StateServer(RecoveryConfig config, ReplicaCheckpoints checkpoints) {
        this.config = config;
        this.checkpoints = checkpoints;
    }

    void answerQuery(NodeId peer, long deliveredSequence, Outbox outbox) {
        for (CheckpointAnnouncement announcement : checkpoints.announcements(deliveredSequence)) {
            outbox.send(peer, announcement);
        }
    }

    void answerChunkRequest(NodeId peer, CheckpointChunkRequest request, Outbox outbox) {
        Optional<Checkpoint> held = checkpoints.retained().find(request.sequence());
        if (held.isEmpty() || request.offsetBytes() >= held.get().lengthBytes()) {
            requestsUnservable++;
            return;
        }
        byte[] bytes = held.get().bytes();
        int lengthBytes = Math.min(
                Math.min(request.lengthBytes(), config.checkpointChunkBytes()), bytes.length - request.offsetBytes());
        byte[] chunk = Arrays.copyOfRange(bytes, request.offsetBytes(), request.offsetBytes() + lengthBytes);
        outbox.send(peer, new CheckpointChunk(request.sequence(), request.offsetBytes(), chunk));
        chunksServed++;
    }

    void answerEntriesRequest(NodeId peer, EntriesRequest request, Outbox outbox) {
        RecentEntries recent = checkpoints.recent();
        if (request.fromSequence() < recent.firstSequence() || request.fromSequence() > recent.lastSequence()) {
            requestsUnservable++;
            return;
        }
        long to = Math.min(request.toSequence(), request.fromSequence() + config.entriesPerRequestMax() - 1);
        List<OrderedEntry> entries = recent.range(request.fromSequence(), to);
        for (OrderedBatch batch : Batches.split(
                entries, config.entriesPerRequestMax(), config.entriesReplyBytesMax(), OrderedEntrySizer.UPPER_BOUND_ESTIMATE)) {
            outbox.send(peer, batch);
        }
        entriesServed += entries.size();
    }

    long chunksServed() {
        return chunksServed;
    }

    long entriesServed() {
        return entriesServed;
    }

    long requestsUnservable() {
        return requestsUnservable;
    }
}
