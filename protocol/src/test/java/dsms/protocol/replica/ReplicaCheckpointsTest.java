package dsms.protocol.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointDigest;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.RegisterService;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A checkpoint's digest is computed a slice at a time, and the checkpoint taken once it is done. */
class ReplicaCheckpointsTest {
    private static final int SLICE_BYTES = 300;
    private static final RecoveryConfig RECOVERY = RecoveryConfig.defaults().withCheckpointIntervalEntries(4).withCheckpointDigestSliceBytes(SLICE_BYTES);

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final ReplicaCheckpoints checkpoints = new ReplicaCheckpoints(
            NodeId.replica(0),
            new ClusterShape(3, FailureMode.BYZANTINE),
            RECOVERY,
            Checkpoint.of(0, new byte[] {0}));

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    /** A capture with nothing left to copy: the bytes are the whole checkpoint already. */
    private static CheckpointFormat.Capture copied(byte[] bytes) {
        return new CheckpointFormat.Capture(bytes, new ExecutedRequests(1).startCopy(bytes, 0));
    }

    @Test
    void shouldCopyTheTableInSlicesBeforeHashingAndTakeItAsItWasAtCapture() {
        ExecutedRequests table = new ExecutedRequests(100);
        for (long counter = 1; counter <= 50; counter++) {
            table.record(new RequestId(1, counter), counter, bytes(100, (int) counter));
        }
        byte[] snapshot = bytes(20, 9);
        byte[] expected = CheckpointFormat.encode(50, table, snapshot);
        CheckpointFormat.Capture capture = CheckpointFormat.capture(50, table, snapshot);
        checkpoints.captured(50, capture, 50, outbox);
        int executionBytes = table.executionBytes();
        int copySteps = (executionBytes + SLICE_BYTES * ReplicaCheckpoints.COPY_SLICE_FACTOR - 1)
                / (SLICE_BYTES * ReplicaCheckpoints.COPY_SLICE_FACTOR);
        int digestSteps = (expected.length + SLICE_BYTES - 1) / SLICE_BYTES;

        // The step that finishes the copy hashes the first slice too.
        int steps = copySteps + digestSteps - 1;
        for (int step = 1; step < steps; step++) {
            table.record(new RequestId(2, step), 50 + step, bytes(100, 100 + step));
            checkpoints.continueDigest(50 + step, outbox);
            assertThat(outbox.checkpoints()).as("step %d", step).isEmpty();
            assertThat(capture.executions().isDone()).as("step %d", step).isEqualTo(step >= copySteps);
        }
        checkpoints.continueDigest(50 + steps, outbox);

        assertThat(copySteps).as("the copy takes several steps").isGreaterThan(3);
        assertThat(outbox.checkpoints()).hasSize(1);
        Checkpoint taken = outbox.checkpoints().get(0).checkpoint();
        assertThat(taken.sequence()).isEqualTo(50);
        assertThat(taken.bytes()).isEqualTo(expected);
        assertThat(taken.digest()).isEqualTo(CheckpointDigest.of(expected));
    }

    @Test
    void shouldTakeACapturedCheckpointOnlyOnceEverySliceOfItsDigestIsHashed() {
        byte[] bytes = bytes(1_000, 7);
        checkpoints.captured(4, copied(bytes), 4, outbox);

        for (int slice = 1; slice <= 3; slice++) {
            checkpoints.continueDigest(5, outbox);
            assertThat(outbox.checkpoints()).isEmpty();
            assertThat(outbox.sent()).isEmpty();
            assertThat(checkpoints.retained().latest().sequence()).isZero();
        }
        checkpoints.continueDigest(6, outbox);

        Checkpoint taken = new Checkpoint(4, CheckpointDigest.of(bytes), bytes);
        assertThat(outbox.checkpoints()).extracting(event -> event.checkpoint()).containsExactly(taken);
        assertThat(outbox.sentOfType(CheckpointAnnouncement.class))
                .containsOnly(new CheckpointAnnouncement(4, 6, 1_000, CheckpointDigest.of(bytes)))
                .hasSize(2);
        assertThat(checkpoints.retained().latest()).isEqualTo(taken);
        assertThat(checkpoints.pendingSequence()).isZero();
    }

    @Test
    void shouldFinishAWaitingDigestAtOnceWhenTheNextCheckpointFallsDue() {
        byte[] first = bytes(1_000, 1);
        byte[] second = bytes(1_000, 2);
        checkpoints.captured(4, copied(first), 4, outbox);
        checkpoints.continueDigest(4, outbox);

        checkpoints.captured(8, copied(second), 8, outbox);

        assertThat(outbox.checkpoints()).extracting(event -> event.checkpoint())
                .containsExactly(new Checkpoint(4, CheckpointDigest.of(first), first));
        assertThat(checkpoints.pendingSequence()).isEqualTo(8);
        for (int slice = 1; slice <= 4; slice++) {
            checkpoints.continueDigest(8, outbox);
        }
        assertThat(checkpoints.retained().all()).extracting(Checkpoint::sequence).containsExactly(4L, 8L);
        assertThat(checkpoints.retained().latest().digest()).isEqualTo(CheckpointDigest.of(second));
    }

    @Test
    void shouldForgetAWaitingCheckpointWhenAPeersCheckpointIsInstalled() {
        checkpoints.captured(4, copied(bytes(1_000, 3)), 4, outbox);
        Checkpoint installed = Checkpoint.of(12, bytes(10, 9));

        checkpoints.installed(installed);
        for (int slice = 1; slice <= 4; slice++) {
            checkpoints.continueDigest(12, outbox);
        }

        assertThat(outbox.checkpoints()).isEmpty();
        assertThat(checkpoints.pendingSequence()).isZero();
        assertThat(checkpoints.retained().all()).containsExactly(installed);
    }

    /** A table of 2,000 executions, one per sequence number, each result {@code resultByte} repeated. */
    private static ExecutedRequests tableOf(int resultByte) {
        ExecutedRequests table = new ExecutedRequests(2_000);
        for (long sequence = 1; sequence <= 2_000; sequence++) {
            table.record(new RequestId(1, sequence), sequence, bytes(20, resultByte));
        }
        return table;
    }

    private Checkpoint takeInOneGo(long sequence, ExecutedRequests table) {
        outbox.clear();
        checkpoints.captured(sequence, CheckpointFormat.capture(sequence, table, new byte[] {1}), sequence, outbox);
        while (outbox.checkpoints().isEmpty()) {
            checkpoints.continueDigest(sequence, outbox);
        }
        return outbox.checkpoints().get(0).checkpoint();
    }

    @Test
    void shouldNotReuseTheHashesOfTheTableAnInstalledCheckpointReplaced() {
        Checkpoint own = takeInOneGo(2_000, tableOf(1));
        assertThat(checkpoints.digestBlocksHashed()).isEqualTo(2);
        Checkpoint again = takeInOneGo(4_000, tableOf(1));
        assertThat(again.digest()).isEqualTo(CheckpointDigest.of(again.bytes()));
        assertThat(checkpoints.digestBlocksReused()).as("the same table again reuses both blocks").isEqualTo(2);

        checkpoints.installed(Checkpoint.of(4_000, bytes(10, 9)));
        // The same sequence numbers, counts and lengths as before, with other results.
        Checkpoint afterInstall = takeInOneGo(6_000, tableOf(2));

        assertThat(afterInstall.digest()).isEqualTo(CheckpointDigest.of(afterInstall.bytes())).isNotEqualTo(own.digest());
        assertThat(checkpoints.digestBlocksReused()).isEqualTo(2);
    }

    @Test
    void shouldKeepEveryEntryAfterTheOlderCheckpointWhileTheNextDigestIsComputed() {
        for (long sequence = 1; sequence <= 11; sequence++) {
            checkpoints.recordDelivered(entry(sequence));
            if (sequence % 4 == 0) {
                checkpoints.captured(sequence, copied(bytes(1_000, (int) sequence)), sequence, outbox);
            }
        }

        assertThat(checkpoints.pendingSequence()).isEqualTo(8);
        assertThat(checkpoints.recent().range(1, 11)).extracting(OrderedEntry::sequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        for (int slice = 1; slice <= 4; slice++) {
            checkpoints.continueDigest(11, outbox);
        }
        assertThat(checkpoints.recent().range(1, 11)).extracting(OrderedEntry::sequence)
                .containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    private static OrderedEntry entry(long sequence) {
        return new OrderedEntry(1, sequence, 1_000 + sequence, new RequestId(4, sequence), NodeId.frontEnd(0),
                RegisterService.command("c" + sequence));
    }
}
