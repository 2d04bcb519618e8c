package dsms.protocol.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Envelope;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntriesCatchUpTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final RecoveryConfig CONFIG = RecoveryConfig.defaults().withEntriesPerRequestMax(1_000);
    private static final NodeId PEER = NodeId.replica(1);

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final EntriesCatchUp catchUp =
            new EntriesCatchUp(List.of(PEER), 2_600, CONFIG, new StateTransfer.TransferCounters());

    private List<EntriesRequest> requests() {
        List<EntriesRequest> requests = outbox.sent().stream().map(Envelope::message)
                .filter(EntriesRequest.class::isInstance).map(EntriesRequest.class::cast).toList();
        outbox.clear();
        return requests;
    }

    @Test
    void shouldAskForTheNextRangeOnceHalfOfTheLatestOneArrived() {
        catchUp.onDelivered(0, 0, outbox);
        assertThat(requests()).containsExactly(new EntriesRequest(1, 1_000));

        catchUp.onDelivered(499, MILLISECOND_NS, outbox);
        assertThat(requests()).as("less than half arrived").isEmpty();

        catchUp.onDelivered(500, 2 * MILLISECOND_NS, outbox);
        assertThat(requests()).as("the next range, not the rest of this one").containsExactly(new EntriesRequest(1_001, 2_000));

        catchUp.onDelivered(1_200, 3 * MILLISECOND_NS, outbox);
        assertThat(requests()).as("never more than one and a half ranges ahead").isEmpty();

        catchUp.onDelivered(1_500, 4 * MILLISECOND_NS, outbox);
        assertThat(requests()).as("the last range stops at the target").containsExactly(new EntriesRequest(2_001, 2_600));

        catchUp.onDelivered(2_400, 5 * MILLISECOND_NS, outbox);
        assertThat(requests()).as("nothing beyond the target").isEmpty();
        assertThat(catchUp.isDone(2_600)).isTrue();
    }

    @Test
    void shouldAskAgainFromTheFirstMissingEntryWhenAnAnswerIsLost() {
        catchUp.onDelivered(0, 0, outbox);
        catchUp.onDelivered(600, MILLISECOND_NS, outbox);
        assertThat(requests()).hasSize(2);

        catchUp.onTick(700, MILLISECOND_NS + CONFIG.transferRequestTimeoutNs(), outbox);

        assertThat(requests()).containsExactly(new EntriesRequest(701, 1_700));
    }
}
