package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesTest {
    @TempDir
    Path directory;

    /** The files the writeback forced, with each one's size when it was forced. */
    private final List<Long> forcedSizes = new CopyOnWriteArrayList<>();
    private final List<FileChannel> forcedFiles = new CopyOnWriteArrayList<>();

    private AuditFiles auditRecordingForces() throws IOException {
        return new AuditFiles(directory, new AuditWriteback("audit-writeback-test", file -> {
            forcedSizes.add(file.size());
            forcedFiles.add(file);
        }));
    }

    private String read(String logName) throws IOException {
        return Files.readString(directory.resolve(logName + ".log"), StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTheSameLineToEveryLogItIsRecordedInAsOneUtf8LinePerRecord() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            String line = "seq=1 user=NYKB0001 op=purchaseShare params=\"Zürich\" code=OK";
            audit.record("user-NYKB0001", line);
            audit.record("market-NYK", line);
            audit.record("market-NYK", "seq=2 second line");
            audit.flush();

            assertThat(read("user-NYKB0001")).isEqualTo(line + "\n");
            assertThat(read("market-NYK")).isEqualTo(line + "\nseq=2 second line\n");
        }
    }

    @Test
    void shouldWriteOnlyTheGivenLengthOfAReusedLineBuffer() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            byte[] buffer = "seq=1 long line|leftover of an earlier, longer line".getBytes(StandardCharsets.UTF_8);
            audit.record("market-TOK", buffer, "seq=1 long line".length());
            byte[] reused = "seq=2|rest".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(reused, 0, buffer, 0, reused.length);
            audit.record("market-TOK", buffer, "seq=2".length());
            audit.flush();

            assertThat(read("market-TOK")).isEqualTo("seq=1 long line\nseq=2\n");
        }
    }

    @Test
    void shouldAppendToALogAgainAfterClosingItToStayWithinTheOpenFilesBound() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            audit.record("user-first", "one");
            for (int log = 0; log < AuditFiles.OPEN_FILES_MAX; log++) {
                audit.record("user-" + log, "line " + log);
            }
            // The first log was the least recently used, so it was closed, and is opened again.
            audit.record("user-first", "two");
            audit.flush();

            assertThat(read("user-first")).isEqualTo("one\ntwo\n");
            assertThat(read("user-0")).isEqualTo("line 0\n");
            assertThat(audit.failures()).isZero();
        }
    }

    @Test
    void shouldCountAndSkipALogWhoseNameCannotBeAFileName() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            audit.record("../escape", "line");
            audit.flush();

            assertThat(audit.failures()).isEqualTo(1);
            try (var files = Files.list(directory)) {
                assertThat(files).isEmpty();
            }
            assertThat(directory.resolveSibling("escape.log")).doesNotExist();
        }
    }

    @Test
    void shouldHandAFileToTheWritebackEachTimeItHasGrownByTheWritebackBytes() throws IOException {
        String line = "x".repeat(1023);
        long linesPerWriteback = AuditFiles.WRITEBACK_BYTES / (line.length() + 1);
        try (AuditFiles audit = auditRecordingForces()) {
            for (int writeback = 1; writeback <= 2; writeback++) {
                for (long written = 0; written < linesPerWriteback; written++) {
                    audit.record("market-LON", line);
                    audit.record("user-LONB0001", "small");
                    audit.flush();
                }
                int forces = writeback;
                await().atMost(30, TimeUnit.SECONDS).until(() -> forcedSizes.size() >= forces);
            }

            // Requests are taken in order: the small log, had it been handed over, would be listed too.
            assertThat(forcedSizes).containsExactly(AuditFiles.WRITEBACK_BYTES, 2 * AuditFiles.WRITEBACK_BYTES);
        }
    }

    @Test
    void shouldHaveALogClosedForTheOpenFilesBoundForcedAndThenClosedByTheWriteback() throws IOException {
        try (AuditFiles audit = auditRecordingForces()) {
            audit.record("user-first", "one");
            for (int log = 0; log < AuditFiles.OPEN_FILES_MAX; log++) {
                audit.record("user-" + log, "line " + log);
            }

            await().atMost(30, TimeUnit.SECONDS).until(() -> forcedFiles.size() == 1);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !forcedFiles.get(0).isOpen());
            assertThat(forcedSizes).containsExactly((long) "one\n".length());
            assertThat(read("user-first")).isEqualTo("one\n");
        }
    }
}
