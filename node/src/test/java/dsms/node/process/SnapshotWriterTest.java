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
import java.util.concurrent.atomic.AtomicLong;
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
        try (SnapshotWriter writer = new SnapshotWriter(store, "A", 1_000_000_000L, clockNs::get)) {
            writer.submit(checkpoint(1));
            assertThat(awaitSaved(writer, 5_000)).as("the first save starts at once").isEqualTo(OptionalLong.of(1));
            writer.submit(checkpoint(2));
            writer.submit(checkpoint(3));
            // The clock stands still: within the interval, nothing more is saved however long it waits.
            assertThat(awaitSaved(writer, 200)).isEmpty();

            clockNs.set(1_000_000_000L);

            assertThat(awaitSaved(writer, 5_000)).isEqualTo(OptionalLong.of(3));
            assertThat(store.sequences()).doesNotContain(2L);
            assertThat(writer.checkpointsSuperseded()).isEqualTo(1);
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

    /** Polls for a saved sequence until one comes or {@code waitMsMax} has passed. */
    private static OptionalLong awaitSaved(SnapshotWriter writer, long waitMsMax) throws InterruptedException {
        long deadlineNs = System.nanoTime() + waitMsMax * 1_000_000L;
        while (System.nanoTime() < deadlineNs) {
            OptionalLong saved = writer.takeSaved();
            if (saved.isPresent()) {
                return saved;
            }
            Thread.sleep(1);
        }
        return OptionalLong.empty();
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
