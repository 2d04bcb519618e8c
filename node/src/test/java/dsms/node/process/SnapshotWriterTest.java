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
        try (SnapshotWriter writer = new SnapshotWriter(store, "A")) {
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
        try (SnapshotWriter writer = new SnapshotWriter(store, "A")) {
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
    void shouldSaveWhatIsWaitingBeforeItCloses() throws Exception {
        SnapshotStore store = new SnapshotStore(directory);
        SnapshotWriter writer = new SnapshotWriter(store, "A");
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
        try (SnapshotWriter writer = new SnapshotWriter(store, "A")) {
            writer.submit(checkpoint(9));
            writer.awaitIdle();

            assertThatThrownBy(writer::takeSaved).isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }
}
