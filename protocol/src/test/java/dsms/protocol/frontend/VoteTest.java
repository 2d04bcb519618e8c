package dsms.protocol.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VoteTest {

    private static ResultAssembly[] responses(String... texts) {
        ResultAssembly[] responses = new ResultAssembly[texts.length];
        for (int replica = 0; replica < texts.length; replica++) {
            responses[replica] = new ResultAssembly();
            if (texts[replica] != null) {
                byte[] bytes = texts[replica].getBytes(StandardCharsets.UTF_8);
                responses[replica].add(new ReplicaResult(1, new RequestId(1, 1), 0, 1, bytes), 4, 1024);
            }
        }
        return responses;
    }

    @Test
    void shouldStayUndecidedWhileTheSilentCouldStillMakeAgreement() {
        assertThat(Vote.decide(responses("x", "y", null), 2).kind()).isEqualTo(Vote.Kind.UNDECIDED);
        assertThat(Vote.decide(responses(null, null, null), 2).kind()).isEqualTo(Vote.Kind.UNDECIDED);
    }

    @Test
    void shouldFindAgreementImpossibleOnceNoAnswerCanReachTheQuorum() {
        assertThat(Vote.decide(responses("x", "y", "z"), 2).kind()).isEqualTo(Vote.Kind.IMPOSSIBLE);
        assertThat(Vote.decide(responses("x", "y", "z", "w"), 2).kind()).isEqualTo(Vote.Kind.IMPOSSIBLE);
    }

    @Test
    void shouldBreakAnImpossibleTieByReplicaIndexDeterministically() {
        // Two against two with four replicas means two faulty ones, beyond f: the vote still decides
        // the same way every time, for the answer reaching the quorum first in replica order.
        Vote.Decision decision = Vote.decide(responses("y", "x", "x", "y"), 2);

        assertThat(decision.kind()).isEqualTo(Vote.Kind.AGREED);
        assertThat(new String(decision.agreed().result(), StandardCharsets.UTF_8)).isEqualTo("x");
    }

    @Test
    void shouldAgreeOnTheFirstAnswerWhenOneSuffices() {
        Vote.Decision decision = Vote.decide(responses(null, "x", null), 1);

        assertThat(decision.kind()).isEqualTo(Vote.Kind.AGREED);
        assertThat(decision.agreed()).isEqualTo(new Answer(1, "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldDecideAsCountingEachDistinctAnswerInReplicaOrderDoesForEveryMixOfResponses() {
        String[] kinds = {null, "x", "y", "z", "invalid"};
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int sample = 0; sample < 20_000; sample++) {
            int replicas = 3 + random.nextInt(3);
            ResultAssembly[] responses = new ResultAssembly[replicas];
            for (int replica = 0; replica < replicas; replica++) {
                responses[replica] = new ResultAssembly();
                String kind = kinds[random.nextInt(kinds.length)];
                if ("invalid".equals(kind)) {
                    responses[replica].add(new ReplicaResult(1, new RequestId(1, 1), 0, 99, new byte[1]), 4, 1024);
                } else if (kind != null) {
                    responses[replica].add(new ReplicaResult(1, new RequestId(1, 1), 0, 1, kind.getBytes(StandardCharsets.UTF_8)), 4, 1024);
                }
            }
            int matchingRequired = 1 + random.nextInt(replicas);

            assertThat(Vote.decide(responses, matchingRequired))
                    .as("seed %d, sample %d", seed, sample)
                    .isEqualTo(reference(responses, matchingRequired));
        }
    }

    /** The vote written plainly: a running count per distinct answer, in replica order. */
    private static Vote.Decision reference(ResultAssembly[] responses, int matchingRequired) {
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
                    return new Vote.Decision(Vote.Kind.AGREED, distinct.get(index));
                }
            } else if (!response.hasResponded()) {
                silent++;
            }
        }
        int mostCommon = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Vote.Decision(mostCommon + silent >= matchingRequired ? Vote.Kind.UNDECIDED : Vote.Kind.IMPOSSIBLE, null);
    }
}
