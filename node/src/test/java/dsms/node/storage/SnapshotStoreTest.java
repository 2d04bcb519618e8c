package dsms.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path directory;

    @Test
    void shouldLoadNewestSnapshotAndKeepOnlyTwo() throws IOException {
        SnapshotStore store = new SnapshotStore(directory);
        store.save(100, new byte[] {1});
        store.save(200, new byte[] {2});
        store.save(300, new byte[] {3});
        assertThat(store.sequences()).containsExactly(200L, 300L);
        SnapshotStore.StoredSnapshot newest = store.loadNewest().orElseThrow();
        assertThat(newest.sequence()).isEqualTo(300);
        assertThat(newest.payload()).containsExactly(3);
    }

    @Test
    void shouldFallBackToOlderSnapshotWhenNewestIsCorrupt() throws IOException {
        SnapshotStore store = new SnapshotStore(directory);
        store.save(100, new byte[] {1, 1, 1});
        store.save(200, new byte[] {2, 2, 2});
        Path newest;
        try (Stream<Path> files = Files.list(directory)) {
            newest = files.sorted().reduce((first, second) -> second).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
            file.seek(file.length() - 1);
            file.write(9);
        }
        assertThat(store.loadNewest().orElseThrow().sequence()).isEqualTo(100);
    }

    @Test
    void shouldHaveNothingAfterClear() throws IOException {
        SnapshotStore store = new SnapshotStore(directory);
        store.save(100, new byte[] {1});
        store.clear();
        assertThat(store.loadNewest()).isEmpty();
    }
}
