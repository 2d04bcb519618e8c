package dsms.protocol;

import dsms.protocol.message.NodeId;

/**
 * A replica's report that it holds a new checkpoint, for a durable driver to save (with {@code
 * SnapshotStore}) and for checkers to compare across replicas.
 *
 * <p>A durable driver saves the checkpoint before it releases the sends that follow the event,
 * as it does with deliveries, and may then cut its log behind the checkpoint. After an {@link
 * Kind#INSTALLED} checkpoint the log restarts after it: the entries the replica logged before are
 * superseded, and the next delivery is the entry right after the checkpoint.
 *
 * @param replica the replica that holds it
 * @param kind whether the replica captured it from its own state or installed it from a peer
 * @param checkpoint the checkpoint
 */
public record CheckpointEvent(NodeId replica, Kind kind, Checkpoint checkpoint) {

    public enum Kind {
        /** Captured after delivering an entry whose sequence number is a multiple of the interval. */
        TAKEN,
        /** Fetched from peers by state transfer, checked against f+1 digests, and installed. */
        INSTALLED
    }
}
