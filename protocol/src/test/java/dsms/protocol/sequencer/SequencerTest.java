package dsms.protocol.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dsms.core.InvariantViolation;
import dsms.protocol.ClusterShape;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final long START_NS = 1_700_000_000_000L * MILLISECOND_NS;
    private static final NodeId FRONT_END = NodeId.frontEnd(0);
    private static final long EPOCH = 3;

    private final RecordingOutbox outbox = new RecordingOutbox();
    private long nowNs = START_NS;

    private Sequencer sequencer(int replicaCount, SequencerConfig config) {
        Sequencer sequencer = new Sequencer(
                NodeId.sequencer(0),
                new ClusterShape(replicaCount, FailureMode.CRASH),
                config,
                EPOCH,
                OrderedEntrySizer.UPPER_BOUND_ESTIMATE);
        sequencer.onTick(nowNs, outbox);
        outbox.clear();
        return sequencer;
    }

    private Sequencer sequencer() {
        return sequencer(3, SequencerConfig.defaults());
    }

    private void request(Sequencer sequencer, long counter) {
        sequencer.onMessage(FRONT_END, new ClientRequest(new RequestId(7, counter), new byte[] {1, 2, 3}), outbox);
    }

    private void tick(Sequencer sequencer, long advanceNs) {
        nowNs += advanceNs;
        sequencer.onTick(nowNs, outbox);
    }

    private List<Long> sequencesSentTo(NodeId replica) {
        return outbox.sent().stream()
                .filter(envelope -> envelope.to().equals(replica))
                .map(Envelope::message)
                .filter(OrderedBatch.class::isInstance)
                .flatMap(message -> ((OrderedBatch) message).entries().stream())
                .map(OrderedEntry::sequence)
                .toList();
    }

    @Test
    void shouldAssignConsecutiveSequenceNumbersFromOneTaggedWithEpoch() {
        Sequencer sequencer = sequencer();
        request(sequencer, 1);
        request(sequencer, 2);
        assertThat(outbox.sent()).as("acknowledgements wait for the tick").isEmpty();

        tick(sequencer, MILLISECOND_NS);

        assertThat(outbox.sent()).filteredOn(envelope -> envelope.message() instanceof SequencerAck)
                .containsExactly(
                        new Envelope(FRONT_END, new SequencerAck(new RequestId(7, 1), EPOCH, 1)),
                        new Envelope(FRONT_END, new SequencerAck(new RequestId(7, 2), EPOCH, 2)));
        assertThat(sequencer.highestAssignedSequence()).isEqualTo(2);
    }

    @Test
    void shouldAssignSameSequenceNumberToResentRequest() {
        Sequencer sequencer = sequencer();
        request(sequencer, 1);
        request(sequencer, 2);
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);

        // The resent request's acknowledgement leaves at once; the first two wait for the tick.
        assertThat(outbox.sentOfType(SequencerAck.class))
                .extracting(SequencerAck::sequence)
                .containsExactly(1L, 1L, 2L);
        assertThat(sequencesSentTo(NodeId.replica(0))).containsExactly(1L, 2L);
        assertThat(sequencer.stats().requestsReacknowledged()).isEqualTo(1);
    }

    @Test
    void shouldSendTheAcknowledgementsOfNewRequestsTogetherAtMostOncePerAckInterval() {
        long intervalNs = 5 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withAckIntervalNs(intervalNs));
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);
        assertThat(outbox.sentOfType(SequencerAck.class)).extracting(SequencerAck::sequence).containsExactly(1L);

        outbox.clear();
        request(sequencer, 2);
        tick(sequencer, MILLISECOND_NS);
        request(sequencer, 3);
        tick(sequencer, intervalNs - 2 * MILLISECOND_NS);
        assertThat(outbox.sentOfType(SequencerAck.class)).as("within the interval").isEmpty();
        assertThat(sequencesSentTo(NodeId.replica(0))).as("entries do not wait").containsExactly(2L, 3L);

        tick(sequencer, MILLISECOND_NS);
        assertThat(outbox.sentOfType(SequencerAck.class)).as("once it is over, together")
                .extracting(SequencerAck::sequence).containsExactly(2L, 3L);
    }

    @Test
    void shouldSendAFrontEndsAcknowledgementsAtOnceWhenTheMostAreWaiting() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults()
                .withAckIntervalNs(1_000 * MILLISECOND_NS).withRetransmissionEntriesMax(2 * Sequencer.ACKS_WAITING_MAX));
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        for (int counter = 2; counter <= Sequencer.ACKS_WAITING_MAX + 1; counter++) {
            request(sequencer, counter);
        }

        assertThat(outbox.sentOfType(SequencerAck.class)).hasSize(Sequencer.ACKS_WAITING_MAX);
    }

    @Test
    void shouldStampEntriesWithTheLatestTickInMillis() {
        Sequencer sequencer = sequencer();
        tick(sequencer, 5 * MILLISECOND_NS + 999_999);
        request(sequencer, 1);
        tick(sequencer, 1);

        OrderedEntry entry = outbox.sentOfType(OrderedBatch.class).get(0).entries().get(0);
        assertThat(entry.timestampMillis()).isEqualTo(START_NS / MILLISECOND_NS + 5);
        assertThat(entry.epoch()).isEqualTo(EPOCH);
        assertThat(entry.frontEnd()).isEqualTo(FRONT_END);
        assertThat(entry.command()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldBatchNewEntriesToEveryReplicaOnTickWithinEntryBound() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withBatchEntriesMax(2));
        for (long counter = 1; counter <= 5; counter++) {
            request(sequencer, counter);
        }
        assertThat(outbox.sentOfType(OrderedBatch.class)).isEmpty();

        tick(sequencer, MILLISECOND_NS);

        for (NodeId replica : List.of(NodeId.replica(0), NodeId.replica(1), NodeId.replica(2))) {
            assertThat(sequencesSentTo(replica)).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        assertThat(outbox.sentOfType(OrderedBatch.class))
                .hasSize(9)
                .allSatisfy(batch -> assertThat(batch.entries()).hasSizeLessThanOrEqualTo(2));
        assertThat(sequencer.highestSentSequence()).isEqualTo(5);
    }

    @Test
    void shouldKeepBatchesWithinByteBound() {
        // Each entry counts 64 + 3 bytes: two fit in 140 bytes, three do not.
        Sequencer sequencer = sequencer(1, SequencerConfig.defaults().withBatchBytesMax(140));
        for (long counter = 1; counter <= 5; counter++) {
            request(sequencer, counter);
        }
        tick(sequencer, MILLISECOND_NS);

        assertThat(outbox.sentOfType(OrderedBatch.class))
                .extracting(batch -> batch.entries().size())
                .containsExactly(2, 2, 1);
    }

    @Test
    void shouldRefuseToOrderARequestWhoseEntryCannotFitInABatch() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withBatchBytesMax(66));
        request(sequencer, 1);

        assertThat(outbox.sent()).isEmpty();
        assertThat(sequencer.highestAssignedSequence()).isZero();
        assertThat(sequencer.stats().requestsRefusedTooLarge()).isEqualTo(1);
    }

    @Test
    void shouldAnswerNackFromBufferBoundedPerMessage() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withNackEntriesMax(3));
        for (long counter = 1; counter <= 10; counter++) {
            request(sequencer, counter);
        }
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        sequencer.onMessage(NodeId.replica(1), new Nack(2, 9), outbox);

        assertThat(sequencesSentTo(NodeId.replica(1))).containsExactly(2L, 3L, 4L);
        assertThat(outbox.sent()).allSatisfy(envelope -> assertThat(envelope.to()).isEqualTo(NodeId.replica(1)));
    }

    @Test
    void shouldIgnoreNacksForEntriesNotSentYetOrInvertedRanges() {
        Sequencer sequencer = sequencer();
        request(sequencer, 1);
        outbox.clear();

        sequencer.onMessage(NodeId.replica(0), new Nack(1, 1), outbox);
        sequencer.onMessage(NodeId.replica(0), new Nack(5, 2), outbox);

        assertThat(outbox.sent()).isEmpty();
        assertThat(sequencer.stats().messagesIgnored()).isEqualTo(2);
    }

    @Test
    void shouldRetransmitUnacknowledgedEntriesAfterTimeout() {
        long timeoutNs = 50 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withRetransmitTimeoutNs(timeoutNs));
        request(sequencer, 1);
        request(sequencer, 2);
        tick(sequencer, MILLISECOND_NS);
        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(2), outbox);
        sequencer.onMessage(NodeId.replica(1), new ReplicaAck(1), outbox);
        outbox.clear();

        tick(sequencer, timeoutNs - MILLISECOND_NS);
        assertThat(outbox.sentOfType(OrderedBatch.class)).isEmpty();

        tick(sequencer, MILLISECOND_NS);
        assertThat(sequencesSentTo(NodeId.replica(0))).isEmpty();
        assertThat(sequencesSentTo(NodeId.replica(1))).containsExactly(2L);
        assertThat(sequencesSentTo(NodeId.replica(2))).containsExactly(1L, 2L);
        assertThat(sequencer.stats().entriesRetransmitted()).isEqualTo(3);
    }

    @Test
    void shouldKeepRetransmittingEveryTimeoutUntilAcknowledged() {
        long timeoutNs = 50 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(1, SequencerConfig.defaults().withRetransmitTimeoutNs(timeoutNs));
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        tick(sequencer, timeoutNs);
        tick(sequencer, timeoutNs);
        assertThat(sequencesSentTo(NodeId.replica(0))).containsExactly(1L, 1L);

        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(1), outbox);
        outbox.clear();
        tick(sequencer, timeoutNs);
        tick(sequencer, timeoutNs);
        assertThat(sequencesSentTo(NodeId.replica(0))).isEmpty();
    }

    @Test
    void shouldStopPushingToASilentReplicaAfterRetransmitAttemptsAndResumeOnItsProgress() {
        long timeoutNs = 50 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(1, SequencerConfig.defaults()
                .withRetransmitTimeoutNs(timeoutNs)
                .withRetransmitAttemptsMax(3));
        request(sequencer, 1);
        request(sequencer, 2);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();
        for (int timeout = 0; timeout < 6; timeout++) {
            tick(sequencer, timeoutNs);
        }
        assertThat(sequencesSentTo(NodeId.replica(0))).containsExactly(1L, 2L, 1L, 2L, 1L, 2L);

        // A live replica asks for what it lacks; its progress restarts the pushing.
        sequencer.onMessage(NodeId.replica(0), new Nack(1, 2), outbox);
        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(1), outbox);
        outbox.clear();
        tick(sequencer, timeoutNs);
        assertThat(sequencesSentTo(NodeId.replica(0))).containsExactly(2L);
    }

    @Test
    void shouldForgetEntriesOnceEveryReplicaAcknowledgedThem() {
        Sequencer sequencer = sequencer();
        for (long counter = 1; counter <= 3; counter++) {
            request(sequencer, counter);
        }
        tick(sequencer, MILLISECOND_NS);
        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(3), outbox);
        sequencer.onMessage(NodeId.replica(1), new ReplicaAck(2), outbox);
        assertThat(sequencer.bufferedEntries()).isEqualTo(3);

        sequencer.onMessage(NodeId.replica(2), new ReplicaAck(3), outbox);

        assertThat(sequencer.bufferedEntries()).isEqualTo(1);
        assertThat(sequencer.acknowledgedSequence(1)).isEqualTo(2);
    }

    @Test
    void shouldHeartbeatWhenIdleSoLostTailIsDetected() {
        long intervalNs = 100 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withHeartbeatIntervalNs(intervalNs));
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        tick(sequencer, intervalNs - 1);
        assertThat(outbox.sentOfType(SequencerHeartbeat.class)).isEmpty();

        tick(sequencer, 1);
        assertThat(outbox.sent())
                .extracting(Envelope::to, Envelope::message)
                .contains(
                        tuple(NodeId.replica(0), new SequencerHeartbeat(EPOCH, 1)),
                        tuple(NodeId.replica(1), new SequencerHeartbeat(EPOCH, 1)),
                        tuple(NodeId.replica(2), new SequencerHeartbeat(EPOCH, 1)));
    }

    @Test
    void shouldNotHeartbeatWhileBatchesFlow() {
        long intervalNs = 100 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withHeartbeatIntervalNs(intervalNs));
        for (long counter = 1; counter <= 5; counter++) {
            request(sequencer, counter);
            tick(sequencer, intervalNs / 2);
        }
        assertThat(outbox.sentOfType(SequencerHeartbeat.class)).isEmpty();
    }

    @Test
    void shouldRefuseWithBusyWhenBufferFullOfUnreplicatedEntries() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withRetransmissionEntriesMax(2));
        request(sequencer, 1);
        request(sequencer, 2);
        tick(sequencer, MILLISECOND_NS);
        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(2), outbox);
        outbox.clear();

        request(sequencer, 3);

        assertThat(outbox.sent())
                .containsExactly(new Envelope(FRONT_END, new SequencerBusy(new RequestId(7, 3))));
        assertThat(sequencer.highestAssignedSequence()).isEqualTo(2);
        assertThat(sequencer.bufferedEntries()).isEqualTo(2);
        tick(sequencer, MILLISECOND_NS);
        assertThat(sequencesSentTo(NodeId.replica(1))).isEmpty();
    }

    @Test
    void shouldStillAcknowledgeAResentRequestWhenBusy() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withRetransmissionEntriesMax(1));
        request(sequencer, 1);
        outbox.clear();

        request(sequencer, 1);

        assertThat(outbox.sentOfType(SequencerAck.class)).containsExactly(new SequencerAck(new RequestId(7, 1), EPOCH, 1));
    }

    @Test
    void shouldDropOldestEntryHeldByFPlusOneReplicasWhenBufferIsFull() {
        for (int replicaCount : new int[] {3, 4}) {
            Sequencer sequencer = sequencer(replicaCount, SequencerConfig.defaults().withRetransmissionEntriesMax(2));
            request(sequencer, 1);
            request(sequencer, 2);
            tick(sequencer, MILLISECOND_NS);
            // f+1 = 2 for both 3 and 4 replicas.
            sequencer.onMessage(NodeId.replica(0), new ReplicaAck(1), outbox);
            sequencer.onMessage(NodeId.replica(1), new ReplicaAck(2), outbox);
            outbox.clear();

            request(sequencer, 3);
            tick(sequencer, SequencerConfig.defaults().ackIntervalNs());

            assertThat(outbox.sentOfType(SequencerAck.class)).extracting(SequencerAck::sequence).containsExactly(3L);
            assertThat(sequencer.stats().entriesDroppedUnreplicated()).isEqualTo(1);
            assertThat(sequencer.replicasBehindBuffer()).isEqualTo(replicaCount == 3 ? List.of(2) : List.of(2, 3));
        }
    }

    @Test
    void shouldNotRetransmitToAReplicaThatLacksForgottenEntries() {
        long timeoutNs = 50 * MILLISECOND_NS;
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults()
                .withRetransmissionEntriesMax(1)
                .withRetransmitTimeoutNs(timeoutNs));
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);
        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(1), outbox);
        sequencer.onMessage(NodeId.replica(1), new ReplicaAck(1), outbox);
        request(sequencer, 2);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        tick(sequencer, timeoutNs);
        sequencer.onMessage(NodeId.replica(2), new Nack(1, 2), outbox);

        assertThat(sequencesSentTo(NodeId.replica(2))).isEmpty();
        assertThat(sequencesSentTo(NodeId.replica(0))).containsExactly(2L);
    }

    @Test
    void shouldTellAReplicaThatAsksForForgottenEntriesToCatchUpFromItsPeers() {
        Sequencer sequencer = sequencer(3, SequencerConfig.defaults().withRetransmissionEntriesMax(2));
        request(sequencer, 1);
        request(sequencer, 2);
        tick(sequencer, MILLISECOND_NS);
        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(2), outbox);
        sequencer.onMessage(NodeId.replica(1), new ReplicaAck(2), outbox);
        request(sequencer, 3);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        sequencer.onMessage(NodeId.replica(2), new Nack(1, 3), outbox);
        sequencer.onMessage(NodeId.replica(1), new Nack(3, 3), outbox);

        assertThat(outbox.sent())
                .filteredOn(envelope -> envelope.to().equals(NodeId.replica(2)))
                .containsExactly(new Envelope(NodeId.replica(2), new EntriesForgotten(EPOCH, 2)));
        assertThat(sequencesSentTo(NodeId.replica(1))).as("a nack within the buffer is served").containsExactly(3L);
        assertThat(sequencer.entriesForgottenNoticesSent()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAcknowledgementsBeyondWhatWasSentAndMessagesFromUnknownNodes() {
        Sequencer sequencer = sequencer();
        request(sequencer, 1);
        tick(sequencer, MILLISECOND_NS);
        outbox.clear();

        sequencer.onMessage(NodeId.replica(0), new ReplicaAck(5), outbox);
        sequencer.onMessage(NodeId.replica(3), new ReplicaAck(1), outbox);
        sequencer.onMessage(NodeId.replica(0), new ClientRequest(new RequestId(1, 1), new byte[0]), outbox);
        sequencer.onMessage(FRONT_END, new ReplicaAck(1), outbox);

        assertThat(outbox.sent()).isEmpty();
        assertThat(sequencer.acknowledgedSequence(0)).isZero();
        assertThat(sequencer.highestAssignedSequence()).isEqualTo(1);
        assertThat(sequencer.stats().messagesIgnored()).isEqualTo(4);
    }

    @Test
    void shouldRejectTicksThatGoBackInTime() {
        Sequencer sequencer = sequencer();
        assertThatThrownBy(() -> sequencer.onTick(nowNs - 1, outbox)).isInstanceOf(InvariantViolation.class);
    }
}
