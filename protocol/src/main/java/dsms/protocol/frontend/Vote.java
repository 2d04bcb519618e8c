package dsms.protocol.frontend;

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

    /**
     * Scans the responses in replica order and agrees on the first answer whose count reaches
     * {@code matchingRequired}. Counting by comparing with the earlier responses allocates
     * nothing: a front end decides once per arriving result, and there are at most a handful of
     * replicas.
     */
    static Decision decide(ResultAssembly[] responses, int matchingRequired) {
        int silent = 0;
        int mostCommon = 0;
        for (int index = 0; index < responses.length; index++) {
            ResultAssembly response = responses[index];
            if (response.state() == ResultAssembly.State.COMPLETE) {
                Answer answer = response.answer();
                Answer first = answer;
                int count = 1;
                for (int earlier = index - 1; earlier >= 0; earlier--) {
                    if (responses[earlier].state() == ResultAssembly.State.COMPLETE && responses[earlier].answer().equals(answer)) {
                        first = responses[earlier].answer();
                        count++;
                    }
                }
                if (count >= matchingRequired) {
                    return new Decision(Kind.AGREED, first);
                }
                mostCommon = Math.max(mostCommon, count);
            } else if (!response.hasResponded()) {
                silent++;
            }
        }
        return mostCommon + silent >= matchingRequired ? UNDECIDED : IMPOSSIBLE;
    }

    private static final Decision UNDECIDED = new Decision(Kind.UNDECIDED, null);
    private static final Decision IMPOSSIBLE = new Decision(Kind.IMPOSSIBLE, null);

    /** The vote's state; {@code agreed} is set only for {@link Kind#AGREED}. */
    record Decision(Kind kind, Answer agreed) {}

    enum Kind {
        AGREED,
        UNDECIDED,
        IMPOSSIBLE
    }
}
