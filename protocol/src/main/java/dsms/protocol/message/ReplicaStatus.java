package dsms.protocol.message;

/**
 * Whether a replica takes part in the live stream. Replicas report it in {@code ProbeReply}; the
 * ordinal travels on the wire, so only append.
 */
public enum ReplicaStatus {
    /** Delivers the sequencer's entries as they come and sends their results. */
    LIVE,
    /**
     * Brings its state up to date from its peers (a checkpoint, then the entries after it); it
     * executes what it fetches but sends no results for it.
     */
    RECOVERING
}
