package dsms.protocol.replica;

import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointDigest;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Outbox;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replica holds to serve recovering peers: its latest checkpoints and the ordered entries
 * after the older one; and the schedule on which it takes checkpoints and announces their digests.
 *
 * <p>Checkpoints are taken after every entry whose sequence number is a multiple of the interval,
 * whether the entry arrived live, from a peer or from the replica's own log, so that every replica
 * takes them at the same sequence numbers and their digests can be compared.
 *
 * <p>A checkpoint is captured, then completed a slice at a time, one slice per message or tick
 * the replica handles: first the exactly-once table's executions are copied into its bytes
 * ({@link #COPY_SLICE_FACTOR} digest slices' worth per step; everything else is written at
 * capture), then its digest is computed ({@code checkpointDigestSliceBytes} per step, the first in
 * the step that finishes the copy). It counts as taken (kept, announced, reported to the driver)
 * once its digest is done. Hashing the several megabytes of a busy replica's checkpoint in one go
 * held its loop for 7 to 26 ms, and copying them for 2 to 6 ms, on all replicas at the same
 * sequence number: the largest part of the clients' p99 latency. At most one checkpoint waits:
 * when the next one falls due first, the waiting one is finished in one go, so the recent entries
 * grow by at most one interval beyond the two retained.
 */
final class ReplicaCheckpoints {
    /**
     * Copying a byte costs a small fraction of hashing it, so a step copies this many digest slices'
     * worth: the copy is then done in a few steps, before the table's new executions can wrap
     * around onto forgotten ones it still needs (which would make it finish at once).
     */
    static final int COPY_SLICE_FACTOR = 4;

    private final NodeId self;
    private final ClusterShape shape;
    private final RecoveryConfig config;
    private final RetainedCheckpoints retained;
    private final RecentEntries recent;
    private final DigestComparison comparison;
    /** The block hashes of the latest checkpoint's digest, for the next one to reuse. */
    private final CheckpointDigest.BlockHashes blockHashes = new CheckpointDigest.BlockHashes();
    private long checkpointsTaken;
    /** The captured checkpoint whose digest is being computed, or null. */
    private PendingCheckpoint pending;

    ReplicaCheckpoints(NodeId self, ClusterShape shape, RecoveryConfig config, Checkpoint initial) {
        this.self = self;
        this.shape = shape;
        this.config = config;
        this.retained = new RetainedCheckpoints(initial);
        this.recent = new RecentEntries(config.recentEntriesMax());
        this.recent.startAfter(initial.sequence());
        this.comparison = new DigestComparison(shape);
    }

    /** Whether a checkpoint is due right after delivering {@code sequence}. */
    boolean isDue(long sequence) {
        return sequence % config.checkpointIntervalEntries() == 0;
    }

    /** Keeps a delivered entry for peers that will fetch the entries after a checkpoint. */
    void recordDelivered(OrderedEntry entry) {
        recent.append(entry);
    }

    /**
     * Starts the digest of a checkpoint just captured; it is taken once {@link #continueDigest}
     * finishes it. A checkpoint still waiting for its digest is finished and taken first.
     */
    void captured(long sequence, CheckpointFormat.Capture capture, long deliveredSequence, Outbox outbox) {
        if (pending != null) {
            taken(pending.finish(), deliveredSequence, outbox);
        }
        pending = new PendingCheckpoint(sequence, capture, blockHashes);
    }

    /**
     * Copies or hashes one more slice of the waiting checkpoint, and takes it when its digest is
     * done.
     */
    void continueDigest(long deliveredSequence, Outbox outbox) {
        if (pending != null && pending.advance(config.checkpointDigestSliceBytes())) {
            taken(pending.finish(), deliveredSequence, outbox);
        }
    }

    /** The sequence number of the checkpoint waiting for its digest, or 0 when none is. */
    long pendingSequence() {
        return pending == null ? 0 : pending.sequence;
    }

    /** Keeps a checkpoint just taken, tells the peers its digest and the driver its bytes. */
    private void taken(Checkpoint checkpoint, long deliveredSequence, Outbox outbox) {
        pending = null;
        retained.add(checkpoint);
        recent.discardThrough(retained.oldest().sequence());
        checkpointsTaken++;
        CheckpointAnnouncement announcement = announcementOf(checkpoint, deliveredSequence);
        for (NodeId peer : peers()) {
            outbox.send(peer, announcement);
        }
        comparison.onTaken(checkpoint);
        outbox.checkpointed(new CheckpointEvent(self, CheckpointEvent.Kind.TAKEN, checkpoint));
    }

    /** The state was replaced by {@code checkpoint}: everything held before is forgotten. */
    void installed(Checkpoint checkpoint) {
        pending = null;
        // The installed table has a history of its own: hashes of the old one's blocks must not be reused.
        blockHashes.clear();
        retained.resetTo(checkpoint);
        recent.startAfter(checkpoint.sequence());
    }

    void onPeerAnnouncement(NodeId peer, CheckpointAnnouncement announcement) {
        comparison.onAnnouncement(peer.index(), announcement, retained.find(announcement.sequence()));
    }

    /** One announcement per retained checkpoint, newest first. */
    List<CheckpointAnnouncement> announcements(long deliveredSequence) {
        List<Checkpoint> held = retained.all();
        List<CheckpointAnnouncement> announcements = new ArrayList<>(held.size());
        for (int index = held.size() - 1; index >= 0; index--) {
            announcements.add(announcementOf(held.get(index), deliveredSequence));
        }
        return announcements;
    }

    private static CheckpointAnnouncement announcementOf(Checkpoint checkpoint, long deliveredSequence) {
        return new CheckpointAnnouncement(
                checkpoint.sequence(), deliveredSequence, checkpoint.lengthBytes(), checkpoint.digest());
    }

    /** Every other replica of the cluster. */
    List<NodeId> peers() {
        List<NodeId> peers = new ArrayList<>(shape.replicaCount() - 1);
        for (NodeId replica : shape.replicas()) {
            if (!replica.equals(self)) {
                peers.add(replica);
            }
        }
        return peers;
    }

    RetainedCheckpoints retained() {
        return retained;
    }

    RecentEntries recent() {
        return recent;
    }

    DigestComparison comparison() {
        return comparison;
    }

    long checkpointsTaken() {
        return checkpointsTaken;
    }

    /** A captured checkpoint: its executions copied so far, then its digest so far. */
    private static final class PendingCheckpoint {
        private final long sequence;
        private final CheckpointFormat.Capture capture;
        private final CheckpointDigest.BlockHashes blockHashes;
        /** Started once the copy is done: the digest reads the executions' layout from the bytes. */
        private CheckpointDigest.Computation digest;

        PendingCheckpoint(long sequence, CheckpointFormat.Capture capture, CheckpointDigest.BlockHashes blockHashes) {
            this.sequence = sequence;
            this.capture = capture;
            this.blockHashes = blockHashes;
        }

        /**
         * Copies a slice while the copy is not done, then, once it is (a small table's at once),
         * hashes one; returns whether the digest is done.
         */
        boolean advance(int digestSliceBytes) {
            if (!capture.executions().isDone()
                    && !capture.executions().advance(Math.multiplyExact(digestSliceBytes, COPY_SLICE_FACTOR))) {
                return false;
            }
            return startedDigest().advance(digestSliceBytes);
        }

        Checkpoint finish() {
            // The digest reads the bytes, so the copy must be complete first.
            capture.executions().finish();
            return new Checkpoint(sequence, startedDigest().finish(), capture.bytes());
        }

        private CheckpointDigest.Computation startedDigest() {
            if (digest == null) {
                digest = CheckpointDigest.start(capture.bytes(), blockHashes);
            }
            return digest;
        }
    }

    /** Blocks of executions whose hash a digest reused, and blocks it hashed, over this replica's life. */
    long digestBlocksReused() {
        return blockHashes.blocksReused();
    }

    long digestBlocksHashed() {
        return blockHashes.blocksHashed();
    }
}
