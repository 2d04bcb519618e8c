package dsms.protocol.manager;

import dsms.protocol.message.ResultVerdict;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts a replica's consecutive wrong results, in sequence order, from the front end's verdicts.
 *
 * <ul>
 *   <li>The recent CORRECT and WRONG verdicts are kept by sequence number. A run is a stretch of
 *       WRONG verdicts with no CORRECT one between them in sequence order; a run of {@code
 *       wrongResultsBeforeReplace} decides a replacement, once.
 *   <li>Verdicts arrive in the order requests finish, not in sequence order, so a CORRECT verdict
 *       only separates the runs before and after it: one that arrives early does not erase the run
 *       that precedes it.
 *   <li>MISSING is neutral, like a verdict that has not arrived (or was lost): a missing result is
 *       the crash detector's business, not evidence of a wrong one, and counting it as right would
 *       let a replica that alternates wrong and silent answers escape.
 *   <li>A duplicated verdict (the network may duplicate it) takes the same place and counts once.
 *   <li>After a replacement every verdict is stale until {@link #liftFence} says from which
 *       sequence number on results come from the new replica; older ones are ignored for good.
 * </ul>
 *
 * <p>Bounded: the {@link #VERDICTS_REMEMBERED} verdicts with the highest sequence numbers are kept.
 */
final class WrongResultStreak {
    /** Enough to see runs through the reordering of many requests in flight at once. */
    static final int VERDICTS_REMEMBERED = 256;

    private final int wrongResultsBeforeReplace;
    private final TreeMap<Long, ResultVerdict.Verdict> recent = new TreeMap<>();
    private long fenceSequence;
    private long highestSequenceSeen;

    WrongResultStreak(int wrongResultsBeforeReplace) {
        this.wrongResultsBeforeReplace = Math.min(wrongResultsBeforeReplace, VERDICTS_REMEMBERED);
    }

    Decision onVerdict(long sequence, ResultVerdict.Verdict verdict) {
        highestSequenceSeen = Math.max(highestSequenceSeen, sequence);
        if (sequence <= fenceSequence) {
            return Decision.STALE;
        }
        if (verdict == ResultVerdict.Verdict.MISSING) {
            return Decision.NEUTRAL;
        }
        remember(sequence, verdict);
        if (verdict == ResultVerdict.Verdict.CORRECT || runThrough(sequence) < wrongResultsBeforeReplace) {
            return Decision.COUNTED;
        }
        recent.clear();
        // Every verdict is stale until the new replica is known to be live.
        fenceSequence = Long.MAX_VALUE;
        return Decision.REPLACE;
    }

    private void remember(long sequence, ResultVerdict.Verdict verdict) {
        recent.put(sequence, verdict);
        while (recent.size() > VERDICTS_REMEMBERED) {
            recent.pollFirstEntry();
        }
    }

    /** The length of the run of WRONG verdicts that holds {@code sequence}. */
    private int runThrough(long sequence) {
        int run = 0;
        for (ResultVerdict.Verdict verdict : recent.headMap(sequence, true).descendingMap().values()) {
            if (verdict != ResultVerdict.Verdict.WRONG) {
                break;
            }
            run++;
        }
        for (ResultVerdict.Verdict verdict : recent.tailMap(sequence, false).values()) {
            if (verdict != ResultVerdict.Verdict.WRONG) {
                break;
            }
            run++;
        }
        return run;
    }

    /**
     * Counts verdicts again, for sequence numbers after {@code newReplicaLiveSequence} and after
     * every verdict seen so far: the earlier ones are about the replaced replica's results.
     */
    void liftFence(long newReplicaLiveSequence) {
        fenceSequence = Math.max(newReplicaLiveSequence, highestSequenceSeen);
    }

    /** The WRONG verdicts after the latest CORRECT one, in sequence order: the run that can still grow. */
    int streakLength() {
        int run = 0;
        for (Map.Entry<Long, ResultVerdict.Verdict> verdict : recent.descendingMap().entrySet()) {
            if (verdict.getValue() != ResultVerdict.Verdict.WRONG) {
                break;
            }
            run++;
        }
        return run;
    }

    boolean isFenced() {
        return fenceSequence == Long.MAX_VALUE;
    }

    enum Decision {
        COUNTED,
        NEUTRAL,
        /** About a result before the latest replacement. */
        STALE,
        /** A run reached its bound: replace the replica. */
        REPLACE
    }
}
