package dsms.protocol.manager;

/** How a crash suspicion round about a manager's own replica ended. */
public enum SuspicionOutcome {
    /** A majority of managers (of n) could not reach the replica: it is restarted. */
    CONFIRMED_CRASH,
    /** Enough managers reached it that a majority can no longer fail to: slow perhaps, but alive. */
    ALIVE,
    /** The round's deadline passed with neither; nothing is done until the next suspicion. */
    UNDECIDED
}
