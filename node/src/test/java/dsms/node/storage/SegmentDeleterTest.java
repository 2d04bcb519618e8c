package dsms.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentDeleterTest {
    @TempDir
    Path directory;

    @Test
    void shouldDeleteEverySegmentAskedFor() throws IOException {
        Path first = Files.writeString(directory.resolve("segment-1"), "a");
        Path second = Files.writeString(directory.resolve("segment-2"), "b");
        try (SegmentDeleter deleter = new SegmentDeleter(directory, 4)) {
            deleter.delete(first);
            deleter.delete(second);
            deleter.awaitPending();

            assertThat(first).doesNotExist();
            assertThat(second).doesNotExist();
            assertThat(deleter.failures()).isZero();
        }
    }

    /** What is left behind stays a prefix of the log: no later segment goes once one could not. */
    @Test
    void shouldKeepEveryLaterSegmentOnceADeletionFailed() throws IOException {
        // A non-empty directory cannot be deleted as a file, which makes the first deletion fail.
        Path undeletable = Files.createDirectories(directory.resolve("segment-1"));
        Files.writeString(undeletable.resolve("inside"), "x");
        Path later = Files.writeString(directory.resolve("segment-2"), "b");
        try (SegmentDeleter deleter = new SegmentDeleter(directory, 4)) {
            deleter.delete(undeletable);
            deleter.delete(later);
            deleter.awaitPending();

            assertThat(deleter.failures()).isEqualTo(1);
            assertThat(undeletable).exists();
            assertThat(later).exists();
        }
    }

    @Test
    void shouldDeleteEverySegmentWhenMoreAreAskedForThanTheQueueHolds() throws IOException {
        try (SegmentDeleter deleter = new SegmentDeleter(directory, 1)) {
            for (int segment = 0; segment < 50; segment++) {
                deleter.delete(Files.writeString(directory.resolve("segment-" + segment), "data"));
            }
            deleter.awaitPending();

            try (var left = Files.list(directory)) {
                assertThat(left).isEmpty();
            }
        }
    }
}
