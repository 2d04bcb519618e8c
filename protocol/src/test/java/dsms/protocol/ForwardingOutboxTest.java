package dsms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.NodeId;
import dsms.protocol.message.Probe;
import dsms.protocol.message.RequestId;
import org.junit.jupiter.api.Test;

class ForwardingOutboxTest {

    @Test
    void shouldPassEveryEffectOnToTheOutboxItWraps() {
        RecordingOutbox recording = new RecordingOutbox();
        Outbox wrapped = new ForwardingOutbox().around(recording);

        wrapped.send(NodeId.replica(1), new Probe(7));
        wrapped.complete(RequestOutcome.failed(new RequestId(1, 1), RequestOutcome.Status.TIMED_OUT));
        wrapped.act(new ManagerAction(NodeId.replica(1), ManagerAction.Kind.RESTART));

        assertThat(recording.sent()).hasSize(1);
        assertThat(recording.outcomes()).hasSize(1);
        assertThat(recording.actions()).hasSize(1);
    }
}
