package dsms.protocol.replica;

/** What became of a stored checkpoint handed to {@code Replica.restoreCheckpoint}. */
public enum RestoreOutcome {
    /** The replica's state is now the checkpoint's. */
    RESTORED,
    /**
     * The bytes are not a valid checkpoint for this replica (corrupt, another format version, a
     * table larger than its bound, a snapshot the service refuses): nothing changed. The driver
     * starts the replica empty and lets it recover from its peers.
     */
    INVALID
}
