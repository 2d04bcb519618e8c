package dsms.protocol.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.ClusterShape;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sequencer restarted from its log continues the order instead of starting it again. */
class SequencerResumeTest {
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final NodeId FRONT_END = NodeId.frontEnd(0);
    private static final ClusterShape SHAPE = new ClusterShape(3, FailureMode.CRASH);

    private final RecordingOutbox outbox = new RecordingOutbox();

    private static List<OrderedEntry> loggedTail(long first, long last) {
        List<OrderedEntry> entries = new ArrayList<>();
        for (long sequence = first; sequence <= last; sequence++) {
            entries.add(new OrderedEntry(1, sequence, 1_700_000_000_000L, new RequestId(9, sequence), FRONT_END,
                    new byte[] {(byte) sequence}));
        }
        return entries;
    }

    private Sequencer resumed(List<OrderedEntry> tail, SequencerConfig config) {
        Sequencer sequencer = Sequencer.resuming(NodeId.sequencer(0), SHAPE, config, 1,
                OrderedEntrySizer.UPPER_BOUND_ESTIMATE, tail);
        sequencer.onTick(START_NS, outbox);
        outbox.clear();
        return sequencer;
    }

    @Test
    void shouldContinueNumberingAfterTheLoggedTail() {
        Sequencer sequencer = resumed(loggedTail(41, 50), SequencerConfig.defaults());
        sequencer.onMessage(FRONT_END, new ClientRequest(new RequestId(7, 1), new byte[] {1}), outbox);
        // The first tick after the resumption's sends the waiting acknowledgement.
        sequencer.onTick(START_NS + SequencerConfig.defaults().ackIntervalNs(), outbox);
        assertThat(outbox.sentOfType(SequencerAck.class)).containsExactly(new SequencerAck(new RequestId(7, 1), 1, 51));
    }

    @Test
    void shouldAcknowledgeResentLoggedRequestWithItsOriginalNumber() {
        Sequencer sequencer = resumed(loggedTail(41, 50), SequencerConfig.defaults());
        sequencer.onMessage(FRONT_END, new ClientRequest(new RequestId(9, 45), new byte[] {45}), outbox);
        assertThat(outbox.sentOfType(SequencerAck.class)).containsExactly(new SequencerAck(new RequestId(9, 45), 1, 45));
        assertThat(sequencer.highestAssignedSequence()).isEqualTo(50);
    }

    @Test
    void shouldRetransmitLoggedEntriesThatAReplicaMissed() {
        Sequencer sequencer = resumed(loggedTail(41, 50), SequencerConfig.defaults());
        sequencer.onMessage(NodeId.replica(1), new Nack(47, 50), outbox);
        List<Long> resent = outbox.sent().stream()
                .filter(envelope -> envelope.to().equals(NodeId.replica(1)))
                .map(Envelope::message)
                .filter(OrderedBatch.class::isInstance)
                .flatMap(message -> ((OrderedBatch) message).entries().stream())
                .map(OrderedEntry::sequence)
                .toList();
        assertThat(resent).containsExactly(47L, 48L, 49L, 50L);
    }

    @Test
    void shouldTellIdleReplicasTheHighestLoggedSequence() {
        SequencerConfig config = SequencerConfig.defaults();
        Sequencer sequencer = resumed(loggedTail(41, 50), config);
        sequencer.onTick(START_NS + config.heartbeatIntervalNs() + 1, outbox);
        assertThat(outbox.sentOfType(SequencerHeartbeat.class)).isNotEmpty()
                .allSatisfy(heartbeat -> assertThat(heartbeat.highestSequence()).isEqualTo(50));
    }

    @Test
    void shouldKeepOnlyTheNewestRetransmissionWindowOfALongTail() {
        SequencerConfig config = SequencerConfig.defaults().withRetransmissionEntriesMax(4);
        Sequencer sequencer = resumed(loggedTail(1, 10), config);
        assertThat(sequencer.bufferedEntries()).isEqualTo(4);
        assertThat(sequencer.highestAssignedSequence()).isEqualTo(10);
    }
}
