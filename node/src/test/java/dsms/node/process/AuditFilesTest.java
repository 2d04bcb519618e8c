package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesTest {
    @TempDir
    Path directory;

    private String read(String logName) throws IOException {
        return Files.readString(directory.resolve(logName + ".log"), StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTheSameLineToEveryLogItIsRecordedInAsOneUtf8LinePerRecord() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory)) {
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
        try (AuditFiles audit = new AuditFiles(directory)) {
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
        try (AuditFiles audit = new AuditFiles(directory)) {
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
        try (AuditFiles audit = new AuditFiles(directory)) {
            audit.record("../escape", "line");
            audit.flush();

            assertThat(audit.failures()).isEqualTo(1);
            try (var files = Files.list(directory)) {
                assertThat(files).isEmpty();
            }
            assertThat(directory.resolveSibling("escape.log")).doesNotExist();
        }
    }
}
