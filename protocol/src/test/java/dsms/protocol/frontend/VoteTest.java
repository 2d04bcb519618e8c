package dsms.protocol.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import java.nio.charset.StandardCharsets;
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
}
