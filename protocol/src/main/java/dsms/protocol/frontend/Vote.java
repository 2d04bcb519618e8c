package dsms.protocol.frontend;

import java.util.ArrayList;
import java.util.List;

/**
 * The front end's vote over the replicas' answers to one request.
 *
 * <p>An answer is agreed once {@code matchingRequired} replicas gave it identically (1 in crash
 * mode, {@code f+1} in byzantine mode). Agreement is impossible once even the most common answer,
 * joined by every replica yet to respond, stays short of that. An invalid response matches
 * nothing. Ties are broken by replica index, so the decision is deterministic.
 */
final class Vote {
    private Vote() {}

    static Decision decide(ResultAssembly[] responses, int matchingRequired) {
        List<Answer> distinct = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int silent = 0;
        for (ResultAssembly response : responses) {
            if (response.state() == ResultAssembly.State.COMPLETE) {
                int index = distinct.indexOf(response.answer());
                if (index < 0) {
                    distinct.add(response.answer());
                    counts.add(0);
                    index = distinct.size() - 1;
                }
                counts.set(index, counts.get(index) + 1);
                if (counts.get(index) >= matchingRequired) {
                    return new Decision(Kind.AGREED, distinct.get(index));
                }
            } else if (!response.hasResponded()) {
                silent++;
            }
        }
        int mostCommon = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Decision(mostCommon + silent >= matchingRequired ? Kind.UNDECIDED : Kind.IMPOSSIBLE, null);
    }

    /** The vote's state; {@code agreed} is set only for {@link Kind#AGREED}. */
    record Decision(Kind kind, Answer agreed) {}

    enum Kind {
        AGREED,
        UNDECIDED,
        IMPOSSIBLE
    }
}
