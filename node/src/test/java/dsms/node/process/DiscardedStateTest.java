package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscardedStateTest {
    @TempDir
    Path data;

    @Test
    void shouldMoveStateAsideAtOnceAndDeleteItOnlyOnceTheNewReplicaIsUp() throws Exception {
        Path audit = Files.createDirectories(data.resolve("audit"));
        for (int file = 0; file < 500; file++) {
            Files.writeString(audit.resolve("user-NYKB" + file + ".log"), "a line\n");
        }
        Files.writeString(Files.createDirectories(data.resolve("wal")).resolve("segment-1"), "entries");
        DiscardedState discarded = new DiscardedState(data.resolve(DiscardedState.DIRECTORY_NAME));

        discarded.moveAside(audit);
        discarded.moveAside(data.resolve("wal"));
        discarded.moveAside(data.resolve("snapshots"));

        assertThat(audit).doesNotExist();
        assertThat(data.resolve("wal")).doesNotExist();
        assertThat(discarded.directory().resolve("audit-1")).isDirectory();
        AtomicBoolean up = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        discarded.deleteInBackground(() -> {
            asked.incrementAndGet();
            return up.get();
        });
        // A condition, not a time: the deleter has asked three times whether the replica is up.
        await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() >= 3);
        assertThat(discarded.isEmpty()).as("nothing is deleted while the new replica starts").isFalse();

        up.set(true);
        await().atMost(Duration.ofSeconds(30)).until(discarded::isEmpty);
        assertThat(discarded.directory()).isDirectory();
    }

    @Test
    void shouldKeepEveryReplacementsStateApartUnderItsOwnName() throws Exception {
        DiscardedState discarded = new DiscardedState(data.resolve(DiscardedState.DIRECTORY_NAME));
        for (int replacement = 1; replacement <= 3; replacement++) {
            Files.writeString(Files.createDirectories(data.resolve("wal")).resolve("segment"), "replacement " + replacement);
            discarded.moveAside(data.resolve("wal"));
        }

        assertThat(Files.readString(discarded.directory().resolve("wal-3").resolve("segment"))).isEqualTo("replacement 3");
        assertThat(discarded.deleteContents()).isTrue();
        assertThat(discarded.isEmpty()).isTrue();
    }
}
