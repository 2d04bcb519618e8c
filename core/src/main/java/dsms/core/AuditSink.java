package dsms.core;

import java.nio.charset.StandardCharsets;

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

    /**
     * Records one line given as UTF-8 bytes, which the caller reuses afterwards: a sink keeps a
     * copy, never the array. Services build lines as bytes so that a busy replica does not create
     * and encode a string per line; by default the line is decoded for {@link #record(String,
     * String)}.
     *
     * @param line the line's bytes from index 0, without a line terminator
     * @param length how many bytes of {@code line} the line takes
     */
    default void record(String logName, byte[] line, int length) {
        record(logName, new String(line, 0, length, StandardCharsets.UTF_8));
    }
}
