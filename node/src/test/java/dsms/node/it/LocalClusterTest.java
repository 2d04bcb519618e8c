package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a test cluster that failed to start shows of its processes' logs; no process is started. */
class LocalClusterTest {
    @TempDir
    Path directory;

    private static void writeLines(Path file, String prefix, int count) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, IntStream.rangeClosed(1, count).mapToObj(line -> prefix + " line " + line)
                .collect(Collectors.toList()));
    }

    @Test
    void shouldShowTheLastLinesOfEveryProcessLogButNotTheAuditOrEntryLogs() throws IOException {
        Path data = directory.resolve("cluster");
        writeLines(directory.resolve("cluster-up.log"), "up", 3);
        writeLines(data.resolve("logs").resolve("sequencer.log"), "sequencer", LocalCluster.LOG_TAIL_LINES + 10);
        writeLines(data.resolve("replica-A").resolve("replica.log"), "replica", 5);
        writeLines(data.resolve("replica-A").resolve("audit").resolve("NYKB0001.log"), "audit", 2);
        writeLines(data.resolve("replica-A").resolve("wal").resolve("segment.log"), "wal", 2);

        String tails = new LocalCluster(data, "crash").logTails();

        assertThat(tails).contains("up line 3", "replica line 5", "sequencer line " + (LocalCluster.LOG_TAIL_LINES + 10))
                .contains("sequencer line 11").doesNotContain("sequencer line 10\n")
                .contains("(last " + LocalCluster.LOG_TAIL_LINES + " of " + (LocalCluster.LOG_TAIL_LINES + 10) + " lines)")
                .doesNotContain("audit line", "wal line");
        assertThat(List.of(tails.indexOf("cluster-up.log"), tails.indexOf("sequencer.log"), tails.indexOf("replica.log")))
                .as("the up log first, then the processes' logs in path order").isSorted();
    }
}
