package dsms.protocol.manager;

import dsms.protocol.message.ResultVerdict;
import java.util.TreeSet;

/**
 * Counts a replica's consecutive wrong results, by sequence number, from the front end's verdicts.
 *
 * <ul>
 *   <li>WRONG adds the verdict's sequence number to the streak; {@code wrongResultsBeforeReplace}
 *       distinct ones decide a replacement, once, and clear the streak.
 *   <li>CORRECT at sequence {@code s} ends the streak before {@code s}: the wrong results after it
 *       are still consecutive. Verdicts can arrive out of order, so a WRONG verdict older than the
 *       latest CORRECT one is not part of any streak that can still grow.
 *   <li>MISSING is neutral: a missing result is the crash detector's business, not evidence of a
 *       wrong one, and counting it as right would let a replica that alternates wrong and silent
 *       answers escape.
 *   <li>Duplicated verdicts (the network may duplicate them) count once, by sequence number.
 *   <li>After a replacement every verdict is stale until {@link #liftFence} says from which
 *       sequence number on results come from the new replica; older ones are ignored for good.
 * </ul>
 *
 * <p>Bounded: the streak holds fewer than {@code wrongResultsBeforeReplace} sequence numbers.
 */
final class WrongResultStreak {
    private final int wrongResultsBeforeReplace;
    private final TreeSet<Long> wrongSequences = new TreeSet<>();
    private long latestCorrectSequence;
    private long fenceSequence;
    private long highestSequenceSeen;

    WrongResultStreak(int wrongResultsBeforeReplace) {
        this.wrongResultsBeforeReplace = wrongResultsBeforeReplace;
    }

    Decision onVerdict(long sequence, ResultVerdict.Verdict verdict) {
        highestSequenceSeen = Math.max(highestSequenceSeen, sequence);
        if (sequence <= fenceSequence) {
            return Decision.STALE;
        }
        return switch (verdict) {
            case CORRECT -> {
                latestCorrectSequence = Math.max(latestCorrectSequence, sequence);
                wrongSequences.headSet(sequence).clear();
                yield Decision.COUNTED;
            }
            case WRONG -> onWrong(sequence);
            case MISSING -> Decision.NEUTRAL;
        };
    }

    private Decision onWrong(long sequence) {
        if (sequence < latestCorrectSequence) {
            return Decision.STALE;
        }
        wrongSequences.add(sequence);
        if (wrongSequences.size() < wrongResultsBeforeReplace) {
            return Decision.COUNTED;
        }
        wrongSequences.clear();
        // Every verdict is stale until the new replica is known to be live.
        fenceSequence = Long.MAX_VALUE;
        return Decision.REPLACE;
    }

    /**
     * Counts verdicts again, for sequence numbers after {@code newReplicaLiveSequence} and after
     * every verdict seen so far: the earlier ones are about the replaced replica's results.
     */
    void liftFence(long newReplicaLiveSequence) {
        fenceSequence = Math.max(newReplicaLiveSequence, highestSequenceSeen);
        latestCorrectSequence = fenceSequence;
    }

    /** The wrong results counted in the current streak. */
    int streakLength() {
        return wrongSequences.size();
    }

    boolean isFenced() {
        return fenceSequence == Long.MAX_VALUE;
    }

    enum Decision {
        COUNTED,
        NEUTRAL,
        /** About a result before the latest replacement, or older than the latest correct one. */
        STALE,
        /** The streak reached its bound: replace the replica. */
        REPLACE
    }
}
