package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.node.storage.SnapshotStore;
import dsms.protocol.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
    @TempDir
    Path directory;

    private static Checkpoint checkpoint(long sequence) {
        return Checkpoint.of(sequence, ("state at " + sequence).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSaveACheckpointAndTellTheLoopItsSequenceOnce() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        try (SnapshotWriter writer = new SnapshotWriter(store, "A", 0, System::nanoTime)) {
            writer.submit(checkpoint(64));
            writer.awaitIdle();

            assertThat(writer.takeSaved()).isEqualTo(OptionalLong.of(64));
            assertThat(writer.takeSaved()).isEmpty();
            assertThat(store.loadNewest()).get().satisfies(saved -> {
                assertThat(saved.sequence()).isEqualTo(64);
                assertThat(saved.payload()).isEqualTo(checkpoint(64).bytes());
            });
        }
    }

    @Test
    void shouldEndWithTheNewestCheckpointOnDiskWhenCheckpointsComeFasterThanSaves() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        try (SnapshotWriter writer = new SnapshotWriter(store, "A", 0, System::nanoTime)) {
            for (long sequence = 1; sequence <= 200; sequence++) {
                writer.submit(checkpoint(sequence));
            }
            writer.awaitIdle();

            assertThat(writer.takeSaved()).isEqualTo(OptionalLong.of(200));
            assertThat(store.loadNewest()).get().extracting(SnapshotStore.StoredSnapshot::sequence).isEqualTo(200L);
            assertThat(store.sequences()).hasSizeLessThanOrEqualTo(SnapshotStore.SNAPSHOTS_KEPT);
        }
    }

    @Test
    void shouldStartASaveAtMostOncePerIntervalAndThenSaveTheNewestWaiting() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        AtomicLong clockNs = new AtomicLong();
        AtomicInteger clockReads = new AtomicInteger();
        try (SnapshotWriter writer = new SnapshotWriter(store, "A", 1_000_000_000L, () -> {
            clockReads.incrementAndGet();
            return clockNs.get();
        })) {
            writer.submit(checkpoint(1));
            assertThat(awaitSaved(writer)).as("the first save starts at once").isEqualTo(1);
            int readsBefore = clockReads.get();
            writer.submit(checkpoint(2));
            writer.submit(checkpoint(3));
            // The writer reads the clock twice each time it looks at a waiting checkpoint and waits
            // again; one that saved without waiting would read it twice per save and then stop. So
            // six more reads mean it looked at least twice and saved nothing.
            awaitCondition(() -> clockReads.get() >= readsBefore + 6, "the writer looked at the waiting checkpoint");
            assertThat(writer.takeSaved()).as("nothing saved while the clock stands still").isEmpty();

            clockNs.set(1_000_000_000L);

            assertThat(awaitSaved(writer)).isEqualTo(3);
            assertThat(store.sequences()).doesNotContain(2L);
            assertThat(writer.checkpointsSuperseded()).isEqualTo(1);
        }
    }

    @Test
    void shouldStartSavesOnlyOnItsOwnSlotsSoThatReplicasTakeTurns() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        AtomicLong clockNs = new AtomicLong(2_000_000_000L);
        AtomicInteger clockReads = new AtomicInteger();
        // Replica B of three: its slots lie a third of a second past each whole second.
        try (SnapshotWriter writer = new SnapshotWriter(store, "B", 1_000_000_000L, 333_333_333L, () -> {
            clockReads.incrementAndGet();
            return clockNs.get();
        })) {
            writer.submit(checkpoint(1));
            awaitCondition(() -> clockReads.get() >= 6, "the writer looked at the waiting checkpoint");
            assertThat(writer.takeSaved()).as("nothing saved before its slot").isEmpty();

            clockNs.set(2_333_333_333L);
            assertThat(awaitSaved(writer)).as("saved on its slot").isEqualTo(1);

            int readsBefore = clockReads.get();
            clockNs.set(3_333_333_332L);
            writer.submit(checkpoint(2));
            awaitCondition(() -> clockReads.get() >= readsBefore + 6, "the writer looked at the waiting checkpoint");
            assertThat(writer.takeSaved()).as("nothing saved before its next slot").isEmpty();
            clockNs.set(3_333_333_333L);
            assertThat(awaitSaved(writer)).isEqualTo(2);
        }
    }

    @Test
    void shouldSaveWhatWaitsAtOnceWhenTheLoopWaitsForIt() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        try (SnapshotWriter writer = new SnapshotWriter(store, "A", Long.MAX_VALUE / 2, () -> 0L)) {
            writer.submit(checkpoint(1));
            writer.submit(checkpoint(2));
            writer.awaitIdle();

            assertThat(store.loadNewest()).get().extracting(SnapshotStore.StoredSnapshot::sequence).isEqualTo(2L);
        }
    }

    /** The next sequence the writer reports saved; fails after 5 s. */
    private static long awaitSaved(SnapshotWriter writer) {
        long[] saved = new long[1];
        awaitCondition(() -> {
            OptionalLong next = writer.takeSaved();
            next.ifPresent(sequence -> saved[0] = sequence);
            return next.isPresent();
        }, "a checkpoint saved");
        return saved[0];
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 5 s", what).isLessThan(deadlineNs);
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldSaveWhatIsWaitingBeforeItCloses() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        SnapshotWriter writer = new SnapshotWriter(store, "A", 0, System::nanoTime);
        writer.submit(checkpoint(7));
        writer.close();

        assertThat(store.loadNewest()).get().extracting(SnapshotStore.StoredSnapshot::sequence).isEqualTo(7L);
    }

    @Test
    void shouldStopTheLoopWhenASaveFails() throws Exception {
        Path snapshots = directory.resolve("snapshots");
        SnapshotStore store = new SnapshotStore(snapshots);
        // A file where the store's directory was: every save fails.
        Files.delete(snapshots);
        Files.writeString(snapshots, "not a directory");
        try (SnapshotWriter writer = new SnapshotWriter(store, "A", 0, System::nanoTime)) {
            writer.submit(checkpoint(9));
            writer.awaitIdle();

            assertThatThrownBy(writer::takeSaved).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }
}
