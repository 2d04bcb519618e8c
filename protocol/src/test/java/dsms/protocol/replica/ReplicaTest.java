package dsms.protocol.replica;

import static dsms.protocol.RegisterService.command;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.RegisterService;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.SequencerHeartbeat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReplicaTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final long EPOCH = 2;
    private static final NodeId SEQUENCER = NodeId.sequencer(0);
    private static final NodeId FRONT_END = NodeId.frontEnd(0);

    private final RecordingOutbox outbox = new RecordingOutbox();
    private long nowNs = 0;

    private Replica<RegisterService> replica(ReplicaConfig config) {
        return replica(3, 0, config, new RegisterService());
    }

    private Replica<RegisterService> replica() {
        return replica(ReplicaConfig.defaults());
    }

    private Replica<RegisterService> replica(int replicaCount, int index, ReplicaConfig config, RegisterService service) {
        Replica<RegisterService> replica = new Replica<>(
                NodeId.replica(index), new ClusterShape(replicaCount, FailureMode.CRASH), config, service, AuditSink.NONE);
        replica.onTick(nowNs, outbox);
        return replica;
    }

    private static OrderedEntry entry(long sequence, long counter) {
        return new OrderedEntry(EPOCH, sequence, 1000 + sequence, new RequestId(9, counter), FRONT_END, command("c" + counter));
    }

    /** Entry {@code sequence} carrying request {@code sequence}: the common case. */
    private static OrderedEntry entry(long sequence) {
        return entry(sequence, sequence);
    }

    private void receive(Replica<?> replica, OrderedEntry... entries) {
        replica.onMessage(SEQUENCER, new OrderedBatch(List.of(entries)), outbox);
    }

    private void tick(Replica<?> replica, long advanceNs) {
        nowNs += advanceNs;
        replica.onTick(nowNs, outbox);
    }

    private List<Long> deliveredSequences() {
        return outbox.deliveries().stream().map(Delivery::sequence).toList();
    }

    @Test
    void shouldDeliverStrictlyInOrderFromHoldbackQueue() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(3));
        receive(replica, entry(2));
        assertThat(outbox.deliveries()).isEmpty();
        assertThat(replica.heldEntries()).isEqualTo(2);

        receive(replica, entry(1));

        assertThat(deliveredSequences()).containsExactly(1L, 2L, 3L);
        assertThat(replica.service().commands()).containsExactly("c1", "c2", "c3");
        assertThat(replica.lastDeliveredSequence()).isEqualTo(3);
        assertThat(outbox.sentOfType(ReplicaResult.class))
                .extracting(ReplicaResult::sequence)
                .containsExactly(1L, 2L, 3L);
        assertThat(outbox.sent()).allSatisfy(envelope -> assertThat(envelope.to()).isEqualTo(FRONT_END));
    }

    @Test
    void shouldExecuteWithTheSequencerTimestampAndReportTheDeliveryBeforeItsResult() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1));

        Delivery delivery = outbox.deliveries().get(0);
        assertThat(delivery.kind()).isEqualTo(Delivery.Kind.EXECUTED);
        assertThat(delivery.executedSequence()).isEqualTo(1);
        assertThat(delivery.replica()).isEqualTo(NodeId.replica(0));
        assertThat(new String(delivery.result())).isEqualTo("#1 c1 @1001");
        assertThat(outbox.sentOfType(ReplicaResult.class).get(0).resultChunk()).isEqualTo(delivery.result());
    }

    @Test
    void shouldNackGapAndDeliverAfterRetransmission() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1));
        receive(replica, entry(3), entry(4));
        outbox.clear();

        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sent())
                .containsExactly(new Envelope(SEQUENCER, new Nack(2, 2)), new Envelope(SEQUENCER, new ReplicaAck(1)));

        outbox.clear();
        receive(replica, entry(2));
        tick(replica, ReplicaConfig.defaults().ackIntervalNs());

        assertThat(deliveredSequences()).containsExactly(2L, 3L, 4L);
        assertThat(outbox.sentOfType(ReplicaAck.class)).containsExactly(new ReplicaAck(4));
        assertThat(outbox.sentOfType(Nack.class)).isEmpty();
    }

    @Test
    void shouldAcknowledgeNewDeliveriesAtMostOncePerAckInterval() {
        long intervalNs = 5 * MILLISECOND_NS;
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withAckIntervalNs(intervalNs));
        receive(replica, entry(1));
        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(ReplicaAck.class)).containsExactly(new ReplicaAck(1));

        outbox.clear();
        receive(replica, entry(2));
        tick(replica, MILLISECOND_NS);
        receive(replica, entry(3));
        tick(replica, intervalNs - 2 * MILLISECOND_NS);
        assertThat(outbox.sentOfType(ReplicaAck.class)).as("within the interval").isEmpty();

        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(ReplicaAck.class)).as("once the interval is over").containsExactly(new ReplicaAck(3));
        tick(replica, intervalNs);
        assertThat(outbox.sentOfType(ReplicaAck.class)).as("nothing new, nothing sent").containsExactly(new ReplicaAck(3));
    }

    @Test
    void shouldAcknowledgeAtOnceWithinTheIntervalWhenTheSequencerSendsDeliveredEntriesAgainOrAHeartbeat() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withAckIntervalNs(1_000 * MILLISECOND_NS));
        receive(replica, entry(1), entry(2));
        tick(replica, MILLISECOND_NS);
        outbox.clear();

        // The sequencer sends delivered entries again only when it lacks this replica's acknowledgement.
        receive(replica, entry(3));
        receive(replica, entry(2));
        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(ReplicaAck.class)).containsExactly(new ReplicaAck(3));

        outbox.clear();
        replica.onMessage(SEQUENCER, new SequencerHeartbeat(EPOCH, 3), outbox);
        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(ReplicaAck.class)).containsExactly(new ReplicaAck(3));
    }

    @Test
    void shouldRateLimitNacks() {
        long intervalNs = 20 * MILLISECOND_NS;
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withNackIntervalNs(intervalNs));
        receive(replica, entry(2));
        tick(replica, MILLISECOND_NS);
        tick(replica, intervalNs - 1);
        assertThat(outbox.sentOfType(Nack.class)).containsExactly(new Nack(1, 1));

        tick(replica, 1);
        assertThat(outbox.sentOfType(Nack.class)).containsExactly(new Nack(1, 1), new Nack(1, 1));
    }

    @Test
    void shouldBackOffNacksWhileNoEntryIsDeliveredAndResetOnDelivery() {
        long intervalNs = 20 * MILLISECOND_NS;
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults()
                .withNackIntervalNs(intervalNs)
                .withNackIntervalNsMax(4 * intervalNs));
        receive(replica, entry(2), entry(4));
        List<Long> nackTimesNs = new ArrayList<>();
        long startNs = nowNs;
        for (int step = 0; step < 400; step++) {
            int nacksBefore = outbox.sentOfType(Nack.class).size();
            tick(replica, MILLISECOND_NS);
            if (outbox.sentOfType(Nack.class).size() > nacksBefore) {
                nackTimesNs.add((nowNs - startNs) / MILLISECOND_NS);
            }
            if (step == 300) {
                receive(replica, entry(1));
            }
        }

        // Every 20, 40, 80, then 80 ms (the bound). Entry 1, delivered just after the round at
        // 301 ms, answers that round's first range in full: the next round (for entry 3) goes at
        // once, at 302 ms, and the interval starts over at 20 ms.
        assertThat(nackTimesNs).containsExactly(1L, 21L, 61L, 141L, 221L, 301L, 302L, 322L, 362L);
    }

    @Test
    void shouldAskForTheNextRangeAtOnceWhenTheFirstRangeOfTheLastRoundArrivedInFull() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withNackEntriesMax(100));
        replica.onMessage(SEQUENCER, new SequencerHeartbeat(EPOCH, 1000), outbox);
        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(Nack.class)).as("a long gap is asked for from its start").containsExactly(new Nack(1, 100));

        outbox.clear();
        receive(replica, LongStream.rangeClosed(1, 99).mapToObj(ReplicaTest::entry).toArray(OrderedEntry[]::new));
        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(Nack.class)).as("part of the answer is still missing: wait for the interval").isEmpty();

        receive(replica, entry(100));
        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(Nack.class)).as("answered in full, 2 ms after the round").containsExactly(new Nack(101, 200));
    }

    @Test
    void shouldNackTailAnnouncedByHeartbeat() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1));
        replica.onMessage(SEQUENCER, new SequencerHeartbeat(EPOCH, 3), outbox);
        outbox.clear();

        tick(replica, MILLISECOND_NS);

        assertThat(outbox.sent())
                .containsExactly(new Envelope(SEQUENCER, new Nack(2, 3)), new Envelope(SEQUENCER, new ReplicaAck(1)));
    }

    @Test
    void shouldNackSeveralGapsOldestFirstUpToTheRangeBound() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withNackRangesMax(2));
        receive(replica, entry(2), entry(4), entry(6));
        tick(replica, MILLISECOND_NS);

        assertThat(outbox.sentOfType(Nack.class)).containsExactly(new Nack(1, 1), new Nack(3, 3));
    }

    @Test
    void shouldNotExecuteDuplicateRequestTwice() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1, 100), entry(2, 200), entry(3, 100));

        assertThat(replica.service().commands()).containsExactly("c100", "c200");
        Delivery duplicate = outbox.deliveries().get(2);
        assertThat(duplicate.kind()).isEqualTo(Delivery.Kind.DEDUPLICATED);
        assertThat(duplicate.sequence()).isEqualTo(3);
        assertThat(duplicate.executedSequence()).isEqualTo(1);
        ReplicaResult resent = outbox.sentOfType(ReplicaResult.class).get(2);
        assertThat(resent.sequence()).isEqualTo(1);
        assertThat(new String(resent.resultChunk())).isEqualTo("#1 c100 @1001");
        assertThat(replica.lastDeliveredSequence()).isEqualTo(3);
        assertThat(replica.stats().entriesDeduplicated()).isEqualTo(1);
    }

    @Test
    void shouldForgetTheOldestExecutionFirstWhenItsTableIsFull() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withExecutedRequestsMax(2));
        receive(replica, entry(1, 100), entry(2, 200), entry(3, 300));
        receive(replica, entry(4, 200), entry(5, 100));

        assertThat(replica.service().commands()).containsExactly("c100", "c200", "c300", "c100");
        assertThat(outbox.deliveries())
                .extracting(Delivery::kind)
                .containsExactly(
                        Delivery.Kind.EXECUTED,
                        Delivery.Kind.EXECUTED,
                        Delivery.Kind.EXECUTED,
                        Delivery.Kind.DEDUPLICATED,
                        Delivery.Kind.EXECUTED);
        assertThat(replica.executedRequests().size()).isEqualTo(2);
    }

    @Test
    void shouldAcknowledgeCumulativelyOncePerTick() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1), entry(2));
        receive(replica, entry(3));
        assertThat(outbox.sentOfType(ReplicaAck.class)).isEmpty();

        tick(replica, MILLISECOND_NS);
        tick(replica, MILLISECOND_NS);

        assertThat(outbox.sentOfType(ReplicaAck.class)).containsExactly(new ReplicaAck(3));
    }

    @Test
    void shouldAcknowledgeAgainWhenDeliveredEntriesArriveAgain() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1), entry(2));
        tick(replica, MILLISECOND_NS);
        outbox.clear();

        receive(replica, entry(2));
        tick(replica, MILLISECOND_NS);

        assertThat(outbox.sent()).containsExactly(new Envelope(SEQUENCER, new ReplicaAck(2)));
        assertThat(outbox.deliveries()).isEmpty();
        assertThat(replica.stats().entriesReceivedAgain()).isEqualTo(1);
    }

    @Test
    void shouldChunkLargeResults() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withResultChunkBytesMax(4));
        receive(replica, new OrderedEntry(EPOCH, 1, 0, new RequestId(9, 1), FRONT_END, command("size=10")));
        receive(replica, new OrderedEntry(EPOCH, 2, 0, new RequestId(9, 2), FRONT_END, command("size=0")));

        List<ReplicaResult> chunks = outbox.sentOfType(ReplicaResult.class);
        assertThat(chunks).extracting(ReplicaResult::chunkIndex).containsExactly(0, 1, 2, 0);
        assertThat(chunks).extracting(ReplicaResult::chunkCount).containsExactly(3, 3, 3, 1);
        assertThat(chunks).extracting(chunk -> chunk.resultChunk().length).containsExactly(4, 4, 2, 0);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.subList(0, 3).forEach(chunk -> joined.writeBytes(chunk.resultChunk()));
        assertThat(joined.toByteArray()).isEqualTo(outbox.deliveries().get(0).result());
    }

    @Test
    void shouldResendStoredResultOnResultRequest() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1));
        outbox.clear();
        NodeId askingFrontEnd = NodeId.frontEnd(1);

        replica.onMessage(askingFrontEnd, new ResultRequest(new RequestId(9, 1), 1), outbox);

        assertThat(outbox.sent()).singleElement().satisfies(envelope -> {
            assertThat(envelope.to()).isEqualTo(askingFrontEnd);
            assertThat(envelope.message()).isInstanceOf(ReplicaResult.class);
            assertThat(new String(((ReplicaResult) envelope.message()).resultChunk())).isEqualTo("#1 c1 @1001");
        });
        assertThat(replica.service().commands()).containsExactly("c1");
    }

    @Test
    void shouldAnswerResultRequestOnDeliveryAndNackTheGapItReveals() {
        Replica<RegisterService> replica = replica();
        replica.onMessage(FRONT_END, new ResultRequest(new RequestId(9, 2), 2), outbox);
        assertThat(outbox.sent()).isEmpty();

        tick(replica, MILLISECOND_NS);
        assertThat(outbox.sentOfType(Nack.class)).containsExactly(new Nack(1, 2));

        receive(replica, entry(1), entry(2));
        assertThat(outbox.sentOfType(ReplicaResult.class)).extracting(ReplicaResult::sequence).containsExactly(1L, 2L);
    }

    @Test
    void shouldCountResultRequestsForForgottenRequestsAsUnanswerable() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withExecutedRequestsMax(1));
        receive(replica, entry(1), entry(2));
        outbox.clear();

        replica.onMessage(FRONT_END, new ResultRequest(new RequestId(9, 1), 1), outbox);

        assertThat(outbox.sent()).isEmpty();
        assertThat(replica.stats().resultRequestsUnanswerable()).isEqualTo(1);
    }

    @Test
    void shouldDropEntriesBeyondTheHoldbackWindowAndNackOnlyWithinIt() {
        Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withHoldbackEntriesMax(2));
        receive(replica, entry(3));
        receive(replica, entry(2));
        tick(replica, MILLISECOND_NS);

        assertThat(replica.heldEntries()).isEqualTo(1);
        assertThat(replica.stats().entriesBeyondHoldback()).isEqualTo(1);
        assertThat(replica.highestKnownSequence()).isEqualTo(3);
        assertThat(outbox.sentOfType(Nack.class)).containsExactly(new Nack(1, 1));
    }

    @Test
    void shouldIgnoreEntriesFromAnOlderSequencerEpoch() {
        Replica<RegisterService> replica = replica();
        receive(replica, entry(1));
        receive(replica, new OrderedEntry(EPOCH - 1, 2, 0, new RequestId(9, 2), FRONT_END, command("old")));

        assertThat(replica.lastDeliveredSequence()).isEqualTo(1);
        assertThat(replica.heldEntries()).isZero();
        assertThat(replica.stats().messagesIgnored()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreOrderedEntriesThatDoNotComeFromTheSequencer() {
        Replica<RegisterService> replica = replica();
        replica.onMessage(NodeId.replica(1), new OrderedBatch(List.of(entry(1))), outbox);
        replica.onMessage(FRONT_END, new SequencerHeartbeat(EPOCH, 5), outbox);

        assertThat(outbox.deliveries()).isEmpty();
        assertThat(replica.highestKnownSequence()).isZero();
        assertThat(replica.stats().messagesIgnored()).isEqualTo(2);
    }

    @Test
    void shouldServeAsTheFourthReplicaOfAFourReplicaCluster() {
        Replica<RegisterService> replica = replica(4, 3, ReplicaConfig.defaults(), new RegisterService());
        receive(replica, entry(1));
        tick(replica, MILLISECOND_NS);

        assertThat(replica.id()).isEqualTo(NodeId.replica(3));
        assertThat(outbox.sentOfType(ReplicaAck.class)).containsExactly(new ReplicaAck(1));
    }

    @Test
    void shouldDeliverEachEntryExactlyOnceInOrderWhateverTheArrivalOrder() {
        for (long seed = 0; seed < 50; seed++) {
            outbox.clear();
            Replica<RegisterService> replica = replica(ReplicaConfig.defaults().withHoldbackEntriesMax(8));
            List<OrderedEntry> arrivals = shuffledWithDuplicates(seed, 30);
            for (OrderedEntry arrival : arrivals) {
                receive(replica, arrival);
            }
            // Entries beyond the holdback window were dropped; the sequencer would resend them.
            while (replica.lastDeliveredSequence() < 30) {
                receive(replica, entry(replica.lastDeliveredSequence() + 1));
            }
            assertThat(deliveredSequences())
                    .as("seed %d", seed)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
            assertThat(replica.service().commands()).as("seed %d", seed).hasSize(30);
        }
    }

    private static List<OrderedEntry> shuffledWithDuplicates(long seed, int entryCount) {
        SplittableRandom random = new SplittableRandom(seed);
        List<OrderedEntry> arrivals = new ArrayList<>();
        for (long sequence = 1; sequence <= entryCount; sequence++) {
            int copies = random.nextInt(3);
            for (int copy = 0; copy < copies; copy++) {
                arrivals.add(entry(sequence));
            }
        }
        Collections.shuffle(arrivals, new Random(seed));
        return arrivals;
    }
}
