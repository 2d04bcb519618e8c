package dsms.simulation.fault;

import dsms.core.AuditSink;
import dsms.core.DeterministicService;

/**
 * A service that may return wrong results: the byzantine replica of the fault model (a software
 * bug in one replica). Its state stays right; only the result bytes it returns are corrupted, and
 * deterministically (from the sequence number), so that a run replays from its seed.
 *
 * <p>Every simulated replica runs behind this wrapper, with {@link Corruption#NONE} until a fault
 * says otherwise.
 *
 * @param <S> the wrapped service
 */
public final class WrongResultService<S extends DeterministicService> implements DeterministicService {
    /** One sequence number in this many gets a wrong result under {@link Corruption#SOME_RESULTS}. */
    private static final int SOME_RESULTS_PERIOD = 3;

    private final S inner;
    private Corruption corruption = Corruption.NONE;
    private long resultsCorrupted;
    private boolean everCorrupting;
    private byte[] previousResult;

    public WrongResultService(S inner) {
        this.inner = inner;
    }

    /** The real service, whose state checkers inspect. */
    public S inner() {
        return inner;
    }

    public Corruption corruption() {
        return corruption;
    }

    public void corrupt(Corruption corruption) {
        this.corruption = corruption;
        everCorrupting |= corruption != Corruption.NONE;
    }

    /**
     * Whether the replica was ever told to return wrong results. Such a replica is not correct for
     * the rest of the run: results it stored for exactly-once answers may be wrong.
     */
    public boolean hasBeenWrong() {
        return everCorrupting;
    }

    public long resultsCorrupted() {
        return resultsCorrupted;
    }

    @Override
    public byte[] apply(long sequence, long timestampMillis, byte[] command, AuditSink audit) {
        byte[] result = inner.apply(sequence, timestampMillis, command, audit);
        byte[] previous = previousResult;
        previousResult = result;
        if (!isCorrupted(sequence)) {
            return result;
        }
        resultsCorrupted++;
        return corrupted(result, previous, sequence);
    }

    private boolean isCorrupted(long sequence) {
        return switch (corruption) {
            case NONE -> false;
            case EVERY_RESULT -> true;
            case SOME_RESULTS -> Long.remainderUnsigned(mix(sequence), SOME_RESULTS_PERIOD) == 0;
        };
    }

    /**
     * A wrong result, chosen by the sequence number: half the time the previous command's result
     * (a stale buffer: well formed and plausible, so only the vote can catch it), otherwise the
     * right result with bits flipped in one byte and sometimes a byte added.
     */
    private static byte[] corrupted(byte[] result, byte[] previous, long sequence) {
        long mixed = mix(sequence);
        if ((mixed >>> 40 & 1) == 0 && previous != null && !java.util.Arrays.equals(previous, result)) {
            return previous;
        }
        boolean lengthen = result.length == 0 || (mixed & 1) == 0;
        byte[] wrong = java.util.Arrays.copyOf(result, result.length + (lengthen ? 1 : 0));
        int position = (int) Long.remainderUnsigned(mixed >>> 1, wrong.length);
        wrong[position] ^= (byte) (1 + Long.remainderUnsigned(mixed >>> 17, 255));
        return wrong;
    }

    /** A fixed bit mixer (SplitMix64's finaliser), so corruption depends on nothing but the number. */
    private static long mix(long value) {
        long mixed = (value ^ (value >>> 30)) * 0xbf58476d1ce4e5b9L;
        mixed = (mixed ^ (mixed >>> 27)) * 0x94d049bb133111ebL;
        return mixed ^ (mixed >>> 31);
    }

    @Override
    public byte[] snapshot() {
        return inner.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
        inner.restore(snapshot);
    }

    @Override
    public void checkInvariants() {
        inner.checkInvariants();
    }
}
