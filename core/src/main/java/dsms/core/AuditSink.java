package dsms.core;

/**
 * Receives the audit lines a service produces while applying a command.
 *
 * <p>Services build lines from the command's sequence number and the sequencer's timestamp only,
 * so healthy replicas produce identical lines. The engine decides where lines go (files in a
 * replica's data directory, memory in a test, nowhere in a benchmark).
 */
public interface AuditSink {

    /** A sink that keeps nothing; services skip building lines for it. */
    AuditSink NONE =
            new AuditSink() {
                @Override
                public boolean isEnabled() {
                    return false;
                }

                @Override
                public void record(String logName, String line) {}
            };

    /**
     * Tells whether lines are wanted at all, so that a service can skip the cost of building them.
     */
    default boolean isEnabled() {
        return true;
    }

    /**
     * Records one line.
     *
     * @param logName a file-name-safe name of the log the line belongs to, such as {@code
     *     market-NYK} or {@code user-NYKB1234}
     * @param line one line of text without a line terminator
     */
    void record(String logName, String line);
}
