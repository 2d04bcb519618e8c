package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dsms.node.storage.PageCache;
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
    /** Flushes that vouch for no sequence number: the lines carry their own. */
    private static final long NO_SEQUENCE = 0;

    @TempDir
    Path directory;

    /** The files the writeback forced, with each one's size when it was forced. */
    private final List<Long> forcedSizes = new CopyOnWriteArrayList<>();
    private final List<FileChannel> forcedFiles = new CopyOnWriteArrayList<>();
    /** The files whose pages the writeback dropped after forcing them, as "name bytes". */
    private final List<String> droppedFiles = new CopyOnWriteArrayList<>();

    private AuditFiles auditRecordingForces() throws IOException {
        return new AuditFiles(directory, new AuditWriteback("audit-writeback-test", file -> {
            forcedSizes.add(file.size());
            forcedFiles.add(file);
        }, (path, bytesOnDisk) -> {
            droppedFiles.add(path.getFileName() + " " + bytesOnDisk);
            return PageCache.Outcome.DROPPED;
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
            audit.flush(NO_SEQUENCE);

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
            audit.flush(NO_SEQUENCE);

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
            audit.flush(NO_SEQUENCE);

            assertThat(read("user-first")).isEqualTo("one\ntwo\n");
            assertThat(read("user-0")).isEqualTo("line 0\n");
            assertThat(audit.failures()).isZero();
        }
    }

    @Test
    void shouldCountAndSkipALogWhoseNameCannotBeAFileName() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            audit.record("../escape", "line");
            audit.flush(NO_SEQUENCE);

            assertThat(audit.failures()).isEqualTo(1);
            try (var files = Files.list(directory)) {
                assertThat(files).map(Path::getFileName).map(Path::toString).containsExactly(AuditFiles.WRITTEN_THROUGH_FILE);
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
                    audit.flush(NO_SEQUENCE);
                }
                int forces = writeback;
                await().atMost(30, TimeUnit.SECONDS).until(() -> forcedSizes.size() >= forces);
            }

            // Requests are taken in order: the small log, had it been handed over, would be listed too.
            assertThat(forcedSizes).containsExactly(AuditFiles.WRITEBACK_BYTES, 2 * AuditFiles.WRITEBACK_BYTES);
            await().atMost(30, TimeUnit.SECONDS).until(() -> droppedFiles.size() >= 2);
            assertThat(droppedFiles).containsExactly(
                    "market-LON.log " + AuditFiles.WRITEBACK_BYTES, "market-LON.log " + 2 * AuditFiles.WRITEBACK_BYTES);
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

    @Test
    void shouldKeepLinesInMemoryUntilTheFlushIntervalPassedSinceTheLastWrite() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            audit.record("market-LON", "seq=1 first");
            audit.flushIfDue(0, NO_SEQUENCE);
            audit.record("market-LON", "seq=2 second");
            audit.flushIfDue(AuditFiles.FLUSH_INTERVAL_NS - 1, NO_SEQUENCE);
            assertThat(read("market-LON")).isEqualTo("seq=1 first\n");

            audit.flushIfDue(AuditFiles.FLUSH_INTERVAL_NS, NO_SEQUENCE);
            assertThat(read("market-LON")).isEqualTo("seq=1 first\nseq=2 second\n");
        }
    }

    @Test
    void shouldWriteAtOnceWhenTheLinesWaitingReachTheirBound() throws IOException {
        String line = "seq=1 " + "x".repeat(1017);
        long lines = AuditFiles.PENDING_BYTES_FLUSH / (line.length() + 1);
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            audit.record("market-LON", line);
            audit.flushIfDue(0, NO_SEQUENCE);
            for (long written = 1; written < lines; written++) {
                audit.record("market-LON", line);
            }
            audit.flushIfDue(1, NO_SEQUENCE);
            assertThat(Files.size(directory.resolve("market-LON.log"))).isEqualTo(line.length() + 1);

            audit.record("market-LON", line);
            audit.flushIfDue(2, NO_SEQUENCE);
            assertThat(Files.size(directory.resolve("market-LON.log"))).isEqualTo((lines + 1) * (line.length() + 1));
        }
    }

    @Test
    void shouldWriteOnReplayOnlyTheLinesThatACrashLostFromEachFile() throws IOException {
        AuditFiles crashed = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"));
        crashed.record("market-NYK", "2026-11-24T12:00:00.001Z seq=1 user=NYKB0001 op=getShares");
        crashed.record("user-NYKB0001", "2026-11-24T12:00:00.001Z seq=1 user=NYKB0001 op=getShares");
        crashed.record("market-NYK", "2026-11-24T12:00:00.002Z seq=2 user=NYKB0002 op=getShares");
        crashed.flush(2);
        // Written after the last flush and lost with the process: nothing of it reaches the files.
        crashed.record("market-NYK", "2026-11-24T12:00:00.003Z seq=3 user=NYKB0001 op=getShares");
        crashed.record("user-NYKB0001", "2026-11-24T12:00:00.003Z seq=3 user=NYKB0001 op=getShares");

        try (AuditFiles restarted = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            assertThat(restarted.writtenThrough()).isEqualTo(2);
            for (String line : List.of("2026-11-24T12:00:00.001Z seq=1 user=NYKB0001 op=getShares",
                    "2026-11-24T12:00:00.003Z seq=3 user=NYKB0001 op=getShares")) {
                restarted.recordReplayed("user-NYKB0001", line.getBytes(StandardCharsets.UTF_8), line.length());
                restarted.recordReplayed("market-NYK", line.getBytes(StandardCharsets.UTF_8), line.length());
            }
            String second = "2026-11-24T12:00:00.002Z seq=2 user=NYKB0002 op=getShares";
            restarted.recordReplayed("user-NYKB0002", second.getBytes(StandardCharsets.UTF_8), second.length());
            restarted.flush(NO_SEQUENCE);

            assertThat(restarted.replayedLinesWritten()).isEqualTo(3);
        }
        assertThat(read("market-NYK")).isEqualTo("""
                2026-11-24T12:00:00.001Z seq=1 user=NYKB0001 op=getShares
                2026-11-24T12:00:00.002Z seq=2 user=NYKB0002 op=getShares
                2026-11-24T12:00:00.003Z seq=3 user=NYKB0001 op=getShares
                """);
        assertThat(read("user-NYKB0001")).isEqualTo("""
                2026-11-24T12:00:00.001Z seq=1 user=NYKB0001 op=getShares
                2026-11-24T12:00:00.003Z seq=3 user=NYKB0001 op=getShares
                """);
        assertThat(read("user-NYKB0002")).isEqualTo("2026-11-24T12:00:00.002Z seq=2 user=NYKB0002 op=getShares\n");
    }

    @Test
    void shouldNotWriteALineAgainWhenItsEntryIsDeliveredAgainAfterARestart() throws IOException {
        String first = "2026-11-24T12:00:00.001Z seq=7 user=NYKB0001 op=getShares";
        String second = "2026-11-24T12:00:00.002Z seq=8 user=NYKB0001 op=getShares";
        try (AuditFiles crashed = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            crashed.record("market-NYK", first);
            crashed.record("market-NYK", second);
            crashed.flush(NO_SEQUENCE);
        }
        // The crash lost entry 8 from the log after its line was written: a peer delivers it again.
        try (AuditFiles restarted = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            restarted.record("market-NYK", second);
            restarted.record("market-NYK", "2026-11-24T12:00:00.003Z seq=9 user=NYKB0002 op=getShares");
            restarted.flush(NO_SEQUENCE);

            assertThat(restarted.linesAlreadyWritten()).isEqualTo(1);
        }
        assertThat(read("market-NYK")).isEqualTo(first + "\n" + second + "\n2026-11-24T12:00:00.003Z seq=9 user=NYKB0002 op=getShares\n");
    }

    @Test
    void shouldCutOffALineThatACrashLeftIncompleteBeforeAppendingToItsFile() throws IOException {
        Files.writeString(directory.resolve("market-TOK.log"), "seq=1 whole\nseq=2 cut sho");
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            byte[] line = "seq=2 cut short by a crash".getBytes(StandardCharsets.UTF_8);
            audit.recordReplayed("market-TOK", line, line.length);
            audit.flush(NO_SEQUENCE);

            assertThat(audit.tailsCut()).isEqualTo(1);
        }
        assertThat(read("market-TOK")).isEqualTo("seq=1 whole\nseq=2 cut short by a crash\n");
    }

    @Test
    void shouldFindALongLastLineOfAFileItOpens() throws IOException {
        String earlier = "seq=7 " + "e".repeat(5000);
        String last = "seq=8 " + "l".repeat(9000);
        Files.writeString(directory.resolve("market-LON.log"), earlier + "\n" + last + "\n");
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            byte[] replayed = last.getBytes(StandardCharsets.UTF_8);
            audit.recordReplayed("market-LON", replayed, replayed.length);
            byte[] next = "seq=9 next".getBytes(StandardCharsets.UTF_8);
            audit.recordReplayed("market-LON", next, next.length);
            audit.flush(NO_SEQUENCE);

            assertThat(audit.replayedLinesWritten()).isEqualTo(1);
            assertThat(audit.tailsCut()).isZero();
        }
        assertThat(read("market-LON")).isEqualTo(earlier + "\n" + last + "\nseq=9 next\n");
    }

    @Test
    void shouldNoteTheSequenceWrittenThroughOnlyWhenItsLinesAreWrittenAndKeepItAcrossARestart() throws IOException {
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            assertThat(audit.writtenThrough()).isZero();
            audit.record("market-NYK", "seq=41 first");
            audit.flushIfDue(0, 41);
            audit.record("market-NYK", "seq=42 second");
            audit.flushIfDue(1, 42);
            assertThat(audit.writtenThrough()).as("the line of 42 still waits").isEqualTo(41);

            audit.flush(42);
            audit.flush(40);
            assertThat(audit.writtenThrough()).as("never moves back").isEqualTo(42);
        }
        try (AuditFiles restarted = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            assertThat(restarted.writtenThrough()).isEqualTo(42);
        }
        assertThat(Files.readString(directory.resolve(AuditFiles.WRITTEN_THROUGH_FILE))).isEqualTo("%019d\n".formatted(42));
    }

    @Test
    void shouldTakeADamagedWrittenThroughNoteAsNothingWritten() throws IOException {
        Files.writeString(directory.resolve(AuditFiles.WRITTEN_THROUGH_FILE), "00000000000000004x2\n");
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            assertThat(audit.writtenThrough()).isZero();
        }
        Files.writeString(directory.resolve(AuditFiles.WRITTEN_THROUGH_FILE), "0000000000000000042");
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            assertThat(audit.writtenThrough()).as("cut short").isZero();
        }
        Files.writeString(directory.resolve(AuditFiles.WRITTEN_THROUGH_FILE), "00000000000000000429");
        try (AuditFiles audit = new AuditFiles(directory, new AuditWriteback("audit-writeback-test"))) {
            assertThat(audit.writtenThrough()).as("no line end").isZero();
        }
    }

    @Test
    void shouldReadTheSequenceNumberAfterTheTimeOrAtTheStartOfALine() {
        byte[] timed = "2026-11-24T12:00:00.001Z seq=12345 user=NYKB0001 op=getShares".getBytes(StandardCharsets.UTF_8);
        byte[] bare = "seq=42 line".getBytes(StandardCharsets.UTF_8);
        byte[] none = "no sequence number here, only params=seq=9".getBytes(StandardCharsets.UTF_8);

        assertThat(AuditFiles.sequenceOf(timed, timed.length)).isEqualTo(12345);
        assertThat(AuditFiles.sequenceOf(bare, bare.length)).isEqualTo(42);
        assertThat(AuditFiles.sequenceOf(none, none.length)).isZero();
        assertThat(AuditFiles.sequenceOf(timed, 30)).as("cut after its first digit").isEqualTo(1);
        byte[] longerTime = "+12026-11-24T12:00:00.001Z seq=77 user=NYKB0001".getBytes(StandardCharsets.UTF_8);
        assertThat(AuditFiles.sequenceOf(longerTime, longerTime.length)).as("found by search").isEqualTo(77);
    }
}
