package dsms.protocol.replica;

import static dsms.protocol.RegisterService.command;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.core.StateDigest;
import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.RegisterService;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StateTransferTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final long EPOCH = 1;
    private static final NodeId SEQUENCER = NodeId.sequencer(0);
    private static final NodeId FRONT_END = NodeId.frontEnd(0);
    private static final NodeId A = NodeId.replica(0);
    private static final NodeId B = NodeId.replica(1);
    private static final NodeId C = NodeId.replica(2);
    private static final RecoveryConfig RECOVERY = RecoveryConfig.defaults()
            .withCheckpointIntervalEntries(4)
            .withCheckpointChunkBytes(16)
            .withChunkRequestsInFlightMax(3)
            .withEntriesPerRequestMax(2);

    private final PeerNetwork network = new PeerNetwork();

    private static Replica<RegisterService> replica(NodeId id) {
        return new Replica<>(
                id, new ClusterShape(3, FailureMode.BYZANTINE), ReplicaConfig.defaults(), RECOVERY,
                new RegisterService(), AuditSink.NONE);
    }

    private static OrderedEntry entry(long sequence) {
        return new OrderedEntry(EPOCH, sequence, 1_000 + sequence, new RequestId(3, sequence), FRONT_END, command("c" + sequence));
    }

    /** A replica in the network that delivered entries 1 to {@code last} from the sequencer. */
    private Replica<RegisterService> peerWithHistory(NodeId id, long last) {
        Replica<RegisterService> replica = replica(id);
        network.add(replica);
        LongStream.rangeClosed(1, last).forEach(sequence ->
                network.inject(SEQUENCER, id, new OrderedBatch(List.of(entry(sequence)))));
        return replica;
    }

    /** A replaced replica: empty, recovering from its first tick. */
    private Replica<RegisterService> replacedReplica(NodeId id) {
        Replica<RegisterService> replica = replica(id);
        replica.startStateTransfer();
        network.add(replica);
        return replica;
    }

    private void runFor(long durationNs) {
        for (long elapsedNs = 0; elapsedNs < durationNs; elapsedNs += MILLISECOND_NS) {
            network.step(MILLISECOND_NS);
        }
    }

    @Test
    void shouldFetchTheAgreedCheckpointAndTheEntriesAfterItThenGoLiveWithoutSendingOldResults() {
        Replica<RegisterService> a = peerWithHistory(A, 10);
        peerWithHistory(B, 10);
        Replica<RegisterService> c = replacedReplica(C);

        runFor(50 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.lastDeliveredSequence()).isEqualTo(10);
        assertThat(c.service().digest()).isEqualTo(a.service().digest());
        RecordingOutbox outbox = network.outboxOf(C);
        assertThat(outbox.checkpoints())
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.kind()).isEqualTo(CheckpointEvent.Kind.INSTALLED);
                    assertThat(event.checkpoint().sequence()).isEqualTo(8);
                    assertThat(event.checkpoint().digest()).isEqualTo(a.latestCheckpoint().digest());
                    assertThat(event.checkpoint().bytes()).isEqualTo(a.latestCheckpoint().bytes());
                });
        assertThat(outbox.deliveries()).extracting(delivery -> delivery.sequence()).containsExactly(9L, 10L);
        assertThat(network.sent())
                .filteredOn(sent -> sent.from().equals(C))
                .noneMatch(sent -> sent.message() instanceof ReplicaResult);
        assertThat(c.recoveryStats().resultsWithheld()).isEqualTo(2);
        assertThat(network.sentOfType(CheckpointChunkRequest.class))
                .allSatisfy(sent -> assertThat(((CheckpointChunkRequest) sent.message()).lengthBytes()).isLessThanOrEqualTo(16));
        assertThat(network.sentOfType(EntriesRequest.class))
                .extracting(sent -> sent.message())
                .containsExactly(new EntriesRequest(9, 10));

        // Results of requests in its table, fetched or executed, are answered on request.
        network.inject(FRONT_END, C, new ResultRequest(new RequestId(3, 10), 10));
        network.inject(FRONT_END, C, new ResultRequest(new RequestId(3, 7), 7));
        assertThat(network.sent())
                .filteredOn(sent -> sent.from().equals(C) && sent.message() instanceof ReplicaResult)
                .extracting(sent -> ((ReplicaResult) sent.message()).sequence())
                .containsExactly(10L, 7L);
    }

    @Test
    void shouldRefuseCheckpointWithoutFPlusOneMatchingDigests() {
        Replica<RegisterService> a = peerWithHistory(A, 8);
        Replica<RegisterService> c = replacedReplica(C);
        Checkpoint agreed = a.latestCheckpoint();
        CheckpointAnnouncement fromA = new CheckpointAnnouncement(8, 8, agreed.lengthBytes(), agreed.digest());
        CheckpointAnnouncement divergentFromB =
                new CheckpointAnnouncement(8, 8, agreed.lengthBytes(), StateDigest.of(new byte[] {9}));

        network.inject(B, C, divergentFromB);
        network.inject(A, C, fromA);
        runFor(20 * MILLISECOND_NS);
        assertThat(network.sentOfType(CheckpointChunkRequest.class)).isEmpty();
        assertThat(c.status()).isEqualTo(ReplicaStatus.RECOVERING);

        network.inject(B, C, fromA);
        network.step(MILLISECOND_NS);

        assertThat(network.sentOfType(CheckpointChunkRequest.class))
                .isNotEmpty()
                .allSatisfy(sent -> assertThat(sent.to()).isIn(A, B));
    }

    @Test
    void shouldNotInstallBytesWhoseDigestIsNotTheAgreedOne() {
        Replica<RegisterService> a = peerWithHistory(A, 8);
        Replica<RegisterService> b = peerWithHistory(B, 8);
        network.lose(sent -> sent.to().equals(C) && sent.message() instanceof CheckpointChunk);
        Replica<RegisterService> c = replacedReplica(C);
        runFor(5 * MILLISECOND_NS);
        // A voucher sends a well-formed checkpoint of another history, as long as the agreed one.
        Replica<RegisterService> otherHistory = replica(NodeId.replica(0));
        otherHistory.onTick(0, new RecordingOutbox());
        LongStream.rangeClosed(1, 8).forEach(sequence -> otherHistory.onMessage(SEQUENCER, new OrderedBatch(List.of(
                new OrderedEntry(EPOCH, sequence, 1_000 + sequence, new RequestId(3, sequence), FRONT_END,
                        command((sequence == 5 ? "x" : "c") + sequence)))), new RecordingOutbox()));
        Checkpoint forged = otherHistory.latestCheckpoint();
        assertThat(forged.lengthBytes()).isEqualTo(a.latestCheckpoint().lengthBytes());
        assertThat(forged.digest()).isNotEqualTo(a.latestCheckpoint().digest());
        int chunkBytes = RECOVERY.checkpointChunkBytes();
        for (int offset = 0; offset < forged.lengthBytes(); offset += chunkBytes) {
            network.inject(A, C, new CheckpointChunk(
                    8, offset, Arrays.copyOfRange(forged.bytes(), offset, Math.min(forged.lengthBytes(), offset + chunkBytes))));
        }

        assertThat(c.recoveryStats().checkpointsRefused()).isEqualTo(1);
        assertThat(c.recoveryStats().checkpointsInstalled()).isZero();
        assertThat(c.lastDeliveredSequence()).isZero();
        assertThat(c.service().commands()).isEmpty();
        assertThat(network.outboxOf(C).checkpoints()).isEmpty();

        // The honest bytes arrive once nothing is lost any more.
        network.lose(sent -> false);
        runFor(2_000 * MILLISECOND_NS);
        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.service().digest()).isEqualTo(b.service().digest());
    }

    @Test
    void shouldSwitchToAnotherVoucherWhenOneStaysSilent() {
        Replica<RegisterService> a = peerWithHistory(A, 12);
        peerWithHistory(B, 12);
        network.lose(sent -> sent.from().equals(A) && sent.to().equals(C)
                && !(sent.message() instanceof CheckpointAnnouncement));
        Replica<RegisterService> c = replacedReplica(C);

        runFor(2_000 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.service().digest()).isEqualTo(a.service().digest());
        assertThat(network.sentOfType(CheckpointChunkRequest.class))
                .extracting(PeerNetwork.Sent::to)
                .contains(A, B)
                .startsWith(A);
        assertThat(c.recoveryStats().transfersAbandoned()).isZero();
    }

    @Test
    void shouldStartOverWithBackoffWhileEveryVoucherStaysSilent() {
        peerWithHistory(A, 12);
        peerWithHistory(B, 12);
        network.lose(sent -> sent.to().equals(C) && sent.message() instanceof CheckpointChunk);
        Replica<RegisterService> c = replacedReplica(C);

        runFor(20_000 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.RECOVERING);
        assertThat(c.recoveryStats().transfersAbandoned()).isPositive();
        assertThat(c.recoveryStats().checkpointFetchesGivenUp()).isEqualTo(c.recoveryStats().transfersAbandoned());
        assertThat(c.recoveryStats().entryCatchUpsGivenUp()).isZero();
        assertThat(c.checkpointChunksInFlight()).isLessThanOrEqualTo(RECOVERY.chunkRequestsInFlightMax());
        List<Long> queryRoundsNs = network.sentOfType(CheckpointQuery.class).stream()
                .filter(sent -> sent.to().equals(A))
                .map(PeerNetwork.Sent::atNs)
                .toList();
        long lastGapNs = queryRoundsNs.get(queryRoundsNs.size() - 1) - queryRoundsNs.get(queryRoundsNs.size() - 2);
        assertThat(lastGapNs).as("the transfer starts over at a backed-off rate").isGreaterThanOrEqualTo(RECOVERY.queryIntervalNsMax());
        assertThat(queryRoundsNs).as("bounded: at most one round per backed-off interval, plus the ramp").hasSizeLessThan(30);
    }

    /**
     * Under load the vouchers take newer checkpoints while a transfer runs and forget the entries
     * after the one it fetched; fetching a newer checkpoint would race them again. The sequencer
     * keeps a longer window, so the replica goes live and asks it.
     */
    @Test
    void shouldGoLiveAndAskTheSequencerWhenTheVouchersNoLongerServeTheEntriesAfterTheCheckpoint() {
        Replica<RegisterService> a = peerWithHistory(A, 10);
        peerWithHistory(B, 10);
        network.lose(sent -> sent.to().equals(C) && sent.message() instanceof OrderedBatch);
        Replica<RegisterService> c = replacedReplica(C);

        runFor(1_500 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.lastDeliveredSequence()).isEqualTo(8);
        assertThat(c.recoveryStats().entryCatchUpsGivenUp()).isEqualTo(1);
        assertThat(c.recoveryStats().transfersAbandoned()).isZero();
        assertThat(c.recoveryStats().transfersCompleted()).isEqualTo(1);

        network.inject(SEQUENCER, C, new SequencerHeartbeat(EPOCH, 10));
        runFor(100 * MILLISECOND_NS);

        assertThat(network.sentOfType(Nack.class))
                .filteredOn(sent -> sent.from().equals(C) && sent.to().equals(SEQUENCER))
                .extracting(sent -> sent.message())
                .contains(new Nack(9, 10));
        network.inject(SEQUENCER, C, new OrderedBatch(List.of(entry(9), entry(10))));
        assertThat(c.lastDeliveredSequence()).isEqualTo(10);
        assertThat(c.service().digest()).isEqualTo(a.service().digest());
    }

    @Test
    void shouldFetchOnlyTheEntriesWhenItsOwnStateIsAtLeastTheAgreedCheckpoint() {
        Replica<RegisterService> a = peerWithHistory(A, 11);
        peerWithHistory(B, 11);
        Replica<RegisterService> c = peerWithHistory(C, 9);
        network.inject(SEQUENCER, C, new EntriesForgotten(EPOCH, 11));

        runFor(50 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.lastDeliveredSequence()).isEqualTo(11);
        assertThat(c.service().digest()).isEqualTo(a.service().digest());
        assertThat(network.sentOfType(CheckpointChunkRequest.class)).isEmpty();
        assertThat(network.sentOfType(EntriesRequest.class))
                .extracting(PeerNetwork.Sent::message)
                .containsExactly(new EntriesRequest(10, 11));
        assertThat(c.recoveryStats().transfersCompleted()).isEqualTo(1);
    }

    @Test
    void shouldRecoverWhenTheSequencerForgotWhatItLacksButIgnoreStaleNotices() {
        peerWithHistory(A, 10);
        peerWithHistory(B, 10);
        Replica<RegisterService> c = peerWithHistory(C, 2);
        network.inject(SEQUENCER, C, new EntriesForgotten(EPOCH, 3));
        assertThat(c.status()).as("it lacks nothing the sequencer forgot").isEqualTo(ReplicaStatus.LIVE);
        network.inject(SEQUENCER, C, new EntriesForgotten(EPOCH - 1, 9));
        assertThat(c.status()).as("a notice from an older sequencer").isEqualTo(ReplicaStatus.LIVE);

        network.inject(SEQUENCER, C, new SequencerHeartbeat(EPOCH, 10));
        network.inject(SEQUENCER, C, new EntriesForgotten(EPOCH, 9));
        assertThat(c.status()).isEqualTo(ReplicaStatus.RECOVERING);
        network.step(MILLISECOND_NS);
        runFor(100 * MILLISECOND_NS);

        assertThat(network.sentOfType(Nack.class)).as("no nacks while recovering").isEmpty();
        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.lastDeliveredSequence()).isEqualTo(10);
        assertThat(c.recoveryStats().checkpointsInstalled()).isEqualTo(1);
    }

    @Test
    void shouldDeliverLiveEntriesHeldDuringTheTransferRightAfterInstalling() {
        Replica<RegisterService> a = peerWithHistory(A, 8);
        peerWithHistory(B, 8);
        Replica<RegisterService> c = replacedReplica(C);
        // The live stream goes on while C fetches: 9 and 10 wait in its holdback queue.
        for (long sequence = 9; sequence <= 10; sequence++) {
            for (NodeId replica : List.of(A, B, C)) {
                network.inject(SEQUENCER, replica, new OrderedBatch(List.of(entry(sequence))));
            }
        }

        runFor(50 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.lastDeliveredSequence()).isEqualTo(10);
        assertThat(c.service().digest()).isEqualTo(a.service().digest());
    }

    @Test
    void shouldNotUndoLiveEntriesThatCarriedItPastTheCheckpointItWasFetching() {
        Replica<RegisterService> a = peerWithHistory(A, 12);
        peerWithHistory(B, 12);
        Replica<RegisterService> c = peerWithHistory(C, 2);
        network.lose(sent -> sent.to().equals(C) && sent.message() instanceof CheckpointChunk);
        network.inject(SEQUENCER, C, new EntriesForgotten(EPOCH, 9));
        runFor(5 * MILLISECOND_NS);
        assertThat(c.checkpointChunksInFlight()).as("fetching checkpoint 12").isPositive();

        // The sequencer retransmits after all, and the replica delivers past the checkpoint.
        LongStream.rangeClosed(3, 13).forEach(sequence ->
                network.inject(SEQUENCER, C, new OrderedBatch(List.of(entry(sequence)))));
        network.inject(SEQUENCER, A, new OrderedBatch(List.of(entry(13))));
        network.lose(sent -> false);
        runFor(500 * MILLISECOND_NS);

        assertThat(c.status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(c.lastDeliveredSequence()).isEqualTo(13);
        assertThat(c.recoveryStats().checkpointsInstalled()).isZero();
        assertThat(network.outboxOf(C).checkpoints())
                .noneMatch(event -> event.kind() == CheckpointEvent.Kind.INSTALLED);
        assertThat(c.service().digest()).isEqualTo(a.service().digest());
    }
}
