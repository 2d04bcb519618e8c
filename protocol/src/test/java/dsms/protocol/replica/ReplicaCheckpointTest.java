package dsms.protocol.replica;

import static dsms.protocol.RegisterService.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dsms.core.AuditSink;
import dsms.core.InvariantViolation;
import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointDigest;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.RegisterService;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReplicaCheckpointTest {
    private static final long EPOCH = 1;
    private static final int INTERVAL = 4;
    private static final NodeId SEQUENCER = NodeId.sequencer(0);
    private static final NodeId FRONT_END = NodeId.frontEnd(0);
    private static final NodeId PEER = NodeId.replica(1);
    private static final RecoveryConfig RECOVERY = RecoveryConfig.defaults().withCheckpointIntervalEntries(INTERVAL);

    private final RecordingOutbox outbox = new RecordingOutbox();

    private static Replica<RegisterService> replica(int index) {
        return replica(index, RECOVERY);
    }

    private static Replica<RegisterService> replica(int index, RecoveryConfig recovery) {
        Replica<RegisterService> replica = new Replica<>(
                NodeId.replica(index),
                new ClusterShape(3, FailureMode.BYZANTINE),
                ReplicaConfig.defaults(),
                recovery,
                new RegisterService(),
                AuditSink.NONE);
        replica.onTick(0, new RecordingOutbox());
        return replica;
    }

    /** Entry {@code sequence} carrying request {@code counter}; a repeated counter is a resent request. */
    private static OrderedEntry entry(long sequence, long counter) {
        return new OrderedEntry(EPOCH, sequence, 1_000 + sequence, new RequestId(4, counter), FRONT_END, command("c" + counter));
    }

    /** Entries 1 to {@code last}, where entry 6 repeats the request of entry 3. */
    private static List<OrderedEntry> history(long last) {
        return LongStream.rangeClosed(1, last)
                .mapToObj(sequence -> entry(sequence, sequence == 6 ? 3 : sequence))
                .toList();
    }

    private void deliver(Replica<?> replica, List<OrderedEntry> entries) {
        for (OrderedEntry entry : entries) {
            replica.onMessage(SEQUENCER, new OrderedBatch(List.of(entry)), outbox);
        }
    }

    @Test
    void shouldTakeACheckpointEveryIntervalAndAnnounceItsDigestToEveryPeer() {
        Replica<RegisterService> replica = replica(0);

        deliver(replica, history(9));

        assertThat(outbox.checkpoints())
                .extracting(event -> event.checkpoint().sequence())
                .containsExactly(4L, 8L);
        assertThat(outbox.checkpoints()).allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(CheckpointEvent.Kind.TAKEN);
            assertThat(event.replica()).isEqualTo(NodeId.replica(0));
            assertThat(event.checkpoint().digest()).isEqualTo(CheckpointDigest.of(event.checkpoint().bytes()));
        });
        Checkpoint at8 = outbox.checkpoints().get(1).checkpoint();
        assertThat(outbox.sent())
                .filteredOn(envelope -> envelope.message() instanceof CheckpointAnnouncement announcement
                        && announcement.sequence() == 8)
                .containsExactlyInAnyOrder(
                        new Envelope(NodeId.replica(1), new CheckpointAnnouncement(8, 8, at8.lengthBytes(), at8.digest())),
                        new Envelope(NodeId.replica(2), new CheckpointAnnouncement(8, 8, at8.lengthBytes(), at8.digest())));
        assertThat(replica.retainedCheckpoints()).extracting(Checkpoint::sequence).containsExactly(4L, 8L);
        assertThat(replica.latestCheckpoint()).isEqualTo(at8);
    }

    @Test
    void shouldCopyAndHashACheckpointOnTicksAndTakeItOnlyOnceItsDigestIsDone() {
        int sliceBytes = 16;
        int copySliceBytes = sliceBytes * ReplicaCheckpoints.COPY_SLICE_FACTOR;
        Replica<RegisterService> replica = replica(0, RECOVERY.withCheckpointDigestSliceBytes(sliceBytes));

        deliver(replica, history(4));

        assertThat(outbox.checkpoints()).as("one slice hashed with the due entry's message").isEmpty();
        assertThat(outbox.sentOfType(CheckpointAnnouncement.class)).isEmpty();
        int ticks = 0;
        while (outbox.checkpoints().isEmpty()) {
            assertThat(ticks).as("the digest finishes within its slices").isLessThan(10_000);
            replica.onTick(1_000_000L * ++ticks, outbox);
        }
        Checkpoint at4 = outbox.checkpoints().get(0).checkpoint();
        assertThat(at4.sequence()).isEqualTo(4);
        assertThat(at4.digest()).isEqualTo(CheckpointDigest.of(at4.bytes()));
        int executionBytes = CheckpointFormat.decode(at4.bytes(), Integer.MAX_VALUE).orElseThrow().executions().stream()
                .mapToInt(recorded -> CheckpointFormat.EXECUTION_EMPTY_BYTES + recorded.execution().result().length)
                .sum();
        int copySlices = (executionBytes + copySliceBytes - 1) / copySliceBytes;
        int digestSlices = (at4.lengthBytes() + sliceBytes - 1) / sliceBytes;
        assertThat(copySlices).as("the table takes several copy slices").isGreaterThan(1);
        // The entry's message handles the first slice; the slice that ends the copy also hashes.
        assertThat(ticks).as("one slice per tick after the first").isEqualTo(copySlices + digestSlices - 2);
        assertThat(outbox.sentOfType(CheckpointAnnouncement.class)).hasSize(2);
    }

    @Test
    void shouldTakeEqualCheckpointsOnReplicasThatDeliveredTheSameEntriesHoweverTheyArrived() {
        Replica<RegisterService> inOrder = replica(0);
        Replica<RegisterService> shuffled = replica(2);
        Replica<RegisterService> otherHistory = replica(1);
        deliver(inOrder, history(8));
        List<OrderedEntry> reversed = new ArrayList<>(history(8));
        Collections.reverse(reversed);
        deliver(shuffled, reversed);
        deliver(shuffled, history(8));
        deliver(otherHistory, history(8).stream().map(entry -> entry(entry.sequence(), entry.sequence())).toList());

        assertThat(shuffled.latestCheckpoint().sequence()).isEqualTo(8);
        assertThat(shuffled.latestCheckpoint().digest()).isEqualTo(inOrder.latestCheckpoint().digest());
        assertThat(shuffled.latestCheckpoint().bytes()).isEqualTo(inOrder.latestCheckpoint().bytes());
        // The same commands but no duplicate: another exactly-once table, another state.
        assertThat(otherHistory.latestCheckpoint().digest()).isNotEqualTo(inOrder.latestCheckpoint().digest());
    }

    @Test
    void shouldEqualANeverStoppedReplicaAfterRestoreThenReplay() {
        Replica<RegisterService> neverStopped = replica(0);
        deliver(neverStopped, history(10));
        Checkpoint saved = outbox.checkpoints().get(1).checkpoint();
        assertThat(saved.sequence()).isEqualTo(8);
        RecordingOutbox restartOutbox = new RecordingOutbox();

        Replica<RegisterService> restarted = new Replica<>(
                NodeId.replica(0), new ClusterShape(3, FailureMode.BYZANTINE), ReplicaConfig.defaults(), RECOVERY,
                new RegisterService(), AuditSink.NONE);
        assertThat(restarted.restoreCheckpoint(saved.bytes())).isEqualTo(RestoreOutcome.RESTORED);
        List<ReplayOutcome> replayed = history(10).stream().map(entry -> restarted.replay(entry, restartOutbox)).toList();
        restarted.onTick(0, restartOutbox);

        assertThat(replayed).containsExactly(
                ReplayOutcome.ALREADY_APPLIED, ReplayOutcome.ALREADY_APPLIED, ReplayOutcome.ALREADY_APPLIED,
                ReplayOutcome.ALREADY_APPLIED, ReplayOutcome.ALREADY_APPLIED, ReplayOutcome.ALREADY_APPLIED,
                ReplayOutcome.ALREADY_APPLIED, ReplayOutcome.ALREADY_APPLIED, ReplayOutcome.APPLIED, ReplayOutcome.APPLIED);
        assertThat(restarted.service().digest()).isEqualTo(neverStopped.service().digest());
        assertThat(restarted.lastDeliveredSequence()).isEqualTo(10);
        assertThat(restarted.latestCheckpoint()).isEqualTo(saved);
        assertThat(restarted.recoveryStats().entriesReplayed()).isEqualTo(2);
        assertThat(restartOutbox.deliveries()).as("replayed entries are logged already").isEmpty();
        assertThat(restartOutbox.sentOfType(ReplicaResult.class)).as("replay sends no results").isEmpty();

        // From here on both behave alike, the exactly-once table included: entry 11 resends request 3.
        outbox.clear();
        deliver(neverStopped, List.of(entry(11, 3), entry(12, 12)));
        deliver(restarted, List.of(entry(11, 3), entry(12, 12)));
        List<Delivery> deliveries = outbox.deliveries();
        assertThat(deliveries).hasSize(4);
        for (int index = 0; index < 2; index++) {
            assertThat(deliveries.get(index + 2).kind()).isEqualTo(deliveries.get(index).kind());
            assertThat(deliveries.get(index + 2).executedSequence()).isEqualTo(deliveries.get(index).executedSequence());
            assertThat(deliveries.get(index + 2).result()).isEqualTo(deliveries.get(index).result());
        }
        assertThat(deliveries.get(0).kind()).isEqualTo(Delivery.Kind.DEDUPLICATED);
        assertThat(restarted.latestCheckpoint().digest()).isEqualTo(neverStopped.latestCheckpoint().digest());
    }

    @Test
    void shouldRefuseAStoredCheckpointThatIsCorruptOrTruncatedAndStayEmpty() {
        Replica<RegisterService> source = replica(0);
        deliver(source, history(4));
        byte[] bytes = source.latestCheckpoint().bytes();
        byte[] badMagic = bytes.clone();
        badMagic[0] ^= 1;
        byte[] badExecutionCount = bytes.clone();
        badExecutionCount[4 + 1 + 8 + 8] ^= 0x40;

        for (byte[] bad : List.of(
                Arrays.copyOf(bytes, bytes.length - 1),
                Arrays.copyOf(bytes, bytes.length + 1),
                badMagic,
                badExecutionCount,
                new byte[0])) {
            Replica<RegisterService> fresh = replica(0);
            assertThat(fresh.restoreCheckpoint(bad)).isEqualTo(RestoreOutcome.INVALID);
            assertThat(fresh.lastDeliveredSequence()).isZero();
            assertThat(fresh.service().commands()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAStoredCheckpointWhoseTableExceedsItsBound() {
        Replica<RegisterService> source = replica(0);
        deliver(source, history(4));
        Replica<RegisterService> smallTable = new Replica<>(
                NodeId.replica(0), new ClusterShape(3, FailureMode.BYZANTINE),
                ReplicaConfig.defaults().withExecutedRequestsMax(2), RECOVERY, new RegisterService(), AuditSink.NONE);

        assertThat(smallTable.restoreCheckpoint(source.latestCheckpoint().bytes())).isEqualTo(RestoreOutcome.INVALID);
    }

    @Test
    void shouldRefuseToReplayAGapOrRestoreAfterDelivering() {
        Replica<RegisterService> replica = replica(0);
        replica.replay(entry(1, 1), outbox);

        assertThatThrownBy(() -> replica.replay(entry(3, 3), outbox)).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> replica.restoreCheckpoint(replica.latestCheckpoint().bytes()))
                .isInstanceOf(InvariantViolation.class);
    }

    @Test
    void shouldServeItsCheckpointsInChunksAndTheEntriesAfterThemToAPeer() {
        Replica<RegisterService> replica = replica(0, RECOVERY.withCheckpointChunkBytes(10).withEntriesPerRequestMax(3));
        deliver(replica, history(10));
        Checkpoint at8 = replica.latestCheckpoint();
        outbox.clear();

        replica.onMessage(PEER, new CheckpointQuery(), outbox);
        replica.onMessage(PEER, new CheckpointChunkRequest(8, 20, 50), outbox);
        replica.onMessage(PEER, new CheckpointChunkRequest(8, at8.lengthBytes() - 3, 10), outbox);
        replica.onMessage(PEER, new EntriesRequest(5, 10), outbox);

        assertThat(outbox.sentOfType(CheckpointAnnouncement.class))
                .extracting(CheckpointAnnouncement::sequence, CheckpointAnnouncement::deliveredSequence)
                .containsExactly(tuple(8L, 10L), tuple(4L, 10L));
        List<CheckpointChunk> chunks = outbox.sentOfType(CheckpointChunk.class);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).chunk()).as("clipped to the chunk size").isEqualTo(Arrays.copyOfRange(at8.bytes(), 20, 30));
        assertThat(chunks.get(1).chunk()).as("clipped to the end").isEqualTo(Arrays.copyOfRange(at8.bytes(), at8.lengthBytes() - 3, at8.lengthBytes()));
        assertThat(outbox.sentOfType(OrderedBatch.class).stream().flatMap(batch -> batch.entries().stream()))
                .extracting(OrderedEntry::sequence)
                .containsExactly(5L, 6L, 7L);
        assertThat(outbox.sent()).allSatisfy(envelope -> assertThat(envelope.to()).isEqualTo(PEER));
    }

    @Test
    void shouldNotAnswerRequestsForCheckpointsOrEntriesItNoLongerHolds() {
        Replica<RegisterService> replica = replica(0);
        deliver(replica, history(10));
        outbox.clear();

        replica.onMessage(PEER, new CheckpointChunkRequest(0, 0, 100), outbox);
        replica.onMessage(PEER, new CheckpointChunkRequest(8, replica.latestCheckpoint().lengthBytes(), 100), outbox);
        replica.onMessage(PEER, new EntriesRequest(4, 6), outbox);
        replica.onMessage(PEER, new EntriesRequest(11, 12), outbox);

        assertThat(outbox.sent()).isEmpty();
        assertThat(replica.recoveryStats().peerRequestsUnservable()).isEqualTo(4);
    }

    @Test
    void shouldCountPeerCheckpointsThatMatchOrDivergeFromItsOwn() {
        Replica<RegisterService> replica = replica(0);
        deliver(replica, history(4));
        Checkpoint own = replica.latestCheckpoint();
        CheckpointAnnouncement same = new CheckpointAnnouncement(4, 4, own.lengthBytes(), own.digest());
        CheckpointAnnouncement other = new CheckpointAnnouncement(4, 5, own.lengthBytes(), CheckpointDigest.of(new byte[] {1}));
        CheckpointAnnouncement later = new CheckpointAnnouncement(8, 8, own.lengthBytes(), CheckpointDigest.of(new byte[] {2}));

        replica.onMessage(NodeId.replica(1), same, outbox);
        replica.onMessage(NodeId.replica(1), same, outbox);
        replica.onMessage(NodeId.replica(2), other, outbox);
        replica.onMessage(NodeId.replica(2), later, outbox);
        assertThat(replica.recoveryStats().checkpointDigestsDiverged()).isEqualTo(1);
        deliver(replica, List.of(entry(5, 5), entry(6, 6), entry(7, 7), entry(8, 8)));

        assertThat(replica.recoveryStats().checkpointDigestsMatched()).as("a duplicate counts once").isEqualTo(1);
        assertThat(replica.recoveryStats().checkpointDigestsDiverged()).as("compared when its own was taken").isEqualTo(2);
        assertThat(replica.peerCheckpoint(2)).contains(later);
    }

    @Test
    void shouldAnswerProbesFromManagersWithItsStatusAndIgnoreOthers() {
        Replica<RegisterService> replica = replica(0);
        deliver(replica, history(3));
        outbox.clear();

        replica.onMessage(NodeId.replicaManager(2), new Probe(77), outbox);
        replica.onMessage(FRONT_END, new Probe(78), outbox);
        replica.startStateTransfer();
        replica.onMessage(NodeId.replicaManager(0), new Probe(79), outbox);

        assertThat(outbox.sent()).containsExactly(
                new Envelope(NodeId.replicaManager(2), new ProbeReply(77, ReplicaStatus.LIVE, 3)),
                new Envelope(NodeId.replicaManager(0), new ProbeReply(79, ReplicaStatus.RECOVERING, 3)));
    }
}
