package dsms.core;

/**
 * The contract between the replication engine and a replicated service.
 *
 * <p>The engine delivers commands in one total order; every replica applies them through this
 * interface. An implementation must be a pure function of its state and its input: it never reads
 * a clock (time arrives as {@code timestampMillis}, assigned by the sequencer), never uses random
 * numbers, and never lets hash-map iteration order reach a result, a snapshot or an audit line.
 * Equal inputs must give byte-identical results, snapshots and audit lines on every replica, since
 * the front end votes on result bytes and replicas compare snapshot digests.
 *
 * <p>Implementations are single-threaded: the engine calls them from one thread only.
 */
public interface DeterministicService {

    /**
     * Applies one ordered command and returns its canonical result encoding.
     *
     * <p>Command bytes come from the network, so malformed bytes are answered with a result that
     * says so; they never throw and never change the state. A failed command changes nothing.
     *
     * @param sequence the command's position in the total order, used in audit lines
     * @param timestampMillis the sequencer's clock for this command, the service's only "now"
     * @param command the service-specific command encoding
     * @param audit where the service reports its audit lines; it writes no files itself
     * @return the canonical result bytes: equal results give equal bytes
     */
    byte[] apply(long sequence, long timestampMillis, byte[] command, AuditSink audit);

    /** Returns the canonical byte form of the whole state: equal states give equal bytes. */
    byte[] snapshot();

    /**
     * Replaces the whole state by the one in {@code snapshot}.
     *
     * @throws SnapshotFormatException if the bytes are not a valid snapshot; the state is then
     *     unchanged
     */
    void restore(byte[] snapshot);

    /** Returns the digest of {@link #snapshot()}: equal states give equal digests. */
    default StateDigest digest() {
        return StateDigest.of(snapshot());
    }

    /**
     * Checks every invariant of the state.
     *
     * @throws InvariantViolation naming the first invariant that does not hold
     */
    void checkInvariants();
}
