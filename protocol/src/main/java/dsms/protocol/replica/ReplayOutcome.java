package dsms.protocol.replica;

/** What became of a logged entry handed to {@code Replica.replay}. */
public enum ReplayOutcome {
    /** The entry was applied (executed, or recorded as a duplicate of an earlier execution). */
    APPLIED,
    /** The state already includes the entry (the log starts before the restored checkpoint). */
    ALREADY_APPLIED
}
