package dsms.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
    @TempDir
    Path directory;

    private static byte[] payload(long sequence) {
        return ("entry-" + sequence).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(WriteAheadLog log, long fromSequence) throws IOException {
        List<String> entries = new ArrayList<>();
        log.read(fromSequence, (sequence, payload) ->
                entries.add(sequence + ":" + new String(payload, StandardCharsets.UTF_8)));
        return entries;
    }

    private void appendRange(WriteAheadLog log, long first, long last) throws IOException {
        for (long sequence = first; sequence <= last; sequence++) {
            log.append(sequence, payload(sequence));
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    @Test
    void shouldReadBackSyncedEntriesAfterReopening() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            appendRange(log, 1, 100);
            log.sync();
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            assertThat(log.recovery().repaired()).isFalse();
            assertThat(log.lastSequence()).isEqualTo(100);
            assertThat(readAll(log, 98)).containsExactly("98:entry-98", "99:entry-99", "100:entry-100");
        }
    }

    @Test
    void shouldRefuseNonConsecutiveSequenceNumbers() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            log.append(1, payload(1));
            assertThatThrownBy(() -> log.append(3, payload(3))).isInstanceOf(InvariantViolation.class);
        }
    }

    @Test
    void shouldCutTornTailBackToLastGoodEntry() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            appendRange(log, 1, 10);
        }
        Path segment = segmentFiles().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 3); // a crash in the middle of writing entry 10
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            assertThat(log.recovery().repaired()).isTrue();
            assertThat(log.lastSequence()).isEqualTo(9);
            log.append(10, payload(10));
            assertThat(readAll(log, 9)).containsExactly("9:entry-9", "10:entry-10");
        }
    }

    @Test
    void shouldCutCorruptEntryAndEverythingAfterIt() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            appendRange(log, 1, 30); // small segments: several files
        }
        assertThat(segmentFiles()).hasSizeGreaterThan(2);
        Path second = segmentFiles().get(1);
        try (RandomAccessFile file = new RandomAccessFile(second.toFile(), "rw")) {
            file.seek(8 + 16 + 2); // inside the first record's payload
            file.write('X');
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            long lastGood = log.lastSequence();
            assertThat(log.recovery().discardedSegments()).isPositive();
            assertThat(readAll(log, 1)).hasSize((int) lastGood);
            assertThat(segmentFiles()).hasSize(2);
            appendRange(log, lastGood + 1, lastGood + 3);
            assertThat(readAll(log, lastGood + 1)).hasSize(3);
        }
    }

    @Test
    void shouldDeleteSegmentsBehindSnapshotButKeepActiveOne() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            appendRange(log, 1, 40);
            int before = log.segmentCount();
            log.truncateBefore(25);
            assertThat(log.segmentCount()).isLessThan(before);
            assertThat(log.firstSequence()).isLessThanOrEqualTo(25);
            assertThat(readAll(log, 25).get(0)).isEqualTo("25:entry-25");
            log.truncateBefore(1_000);
            assertThat(log.segmentCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldDeleteTheFilesOfTruncatedSegmentsOffTheOwnersThread() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            appendRange(log, 1, 40);
            log.flush();
            log.truncateBefore(1_000);
            log.awaitDeletions();

            assertThat(segmentFiles()).hasSize(1);
            assertThat(log.deletionFailures()).isZero();
        }
    }

    /** Full segments are written when the log moves on and forced at the next sync, not before. */
    @Test
    void shouldKeepEveryEntryOfFullSegmentsAcrossASyncAndAReopen() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            appendRange(log, 1, 30);
            assertThat(log.segmentCount()).isGreaterThan(3);
            assertThat(readAll(log, 1)).hasSize(30);
            log.sync();
            appendRange(log, 31, 40);
        }
        try (WriteAheadLog reopened = WriteAheadLog.open(directory, 200)) {
            assertThat(reopened.recovery().repaired()).isFalse();
            assertThat(readAll(reopened, 1)).hasSize(40).startsWith("1:entry-1").endsWith("40:entry-40");
        }
    }

    @Test
    void shouldHandOverFullSegmentsForOneForceAndCloseThemOnlyOnceForced() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            appendRange(log, 1, 20);
            WriteAheadLog.ForceBatch batch = log.prepareForce();

            assertThat(batch.retired()).isNotEmpty().allMatch(FileChannel::isOpen);
            assertThat(log.prepareForce().retired()).as("each full segment is handed over once").isEmpty();
            batch.force();
            log.forced(batch);
            assertThat(batch.retired()).noneMatch(FileChannel::isOpen);
            assertThat(batch.active().isOpen()).as("the active segment stays open").isTrue();
        }
    }

    /** Without forces ({@code fsync: never}) full segments stay open only until truncation deletes them. */
    @Test
    void shouldCloseFullSegmentsNeverForcedOnceTruncationDeletesThem() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            for (long sequence = 1; sequence <= 60; sequence++) {
                log.append(sequence, payload(sequence));
                log.flush();
            }
            assertThat(log.retiredUnforcedSegments()).isGreaterThan(3);

            log.truncateBefore(1_000);

            assertThat(log.retiredUnforcedSegments()).isZero();
            assertThat(readAll(log, 1)).as("the active segment stays").isNotEmpty().endsWith("60:entry-60");
        }
    }

    /** A segment deleted while a batch that forces it is out keeps its file open until that batch is back. */
    @Test
    void shouldKeepADeletedSegmentOpenWhileABatchForcingItIsOut() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory, 200)) {
            appendRange(log, 1, 3);
            WriteAheadLog.ForceBatch out = log.prepareForce();
            appendRange(log, 4, 40);
            log.flush();

            log.truncateBefore(1_000);
            assertThat(out.active().isOpen()).as("its segment was deleted, but the batch may still force it").isTrue();
            out.force();
            log.forced(out);

            assertThat(out.active().isOpen()).isFalse();
            assertThat(log.retiredUnforcedSegments()).isZero();
        }
    }

    @Test
    void shouldContinueAfterSnapshotWhenCleared() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            appendRange(log, 1, 5);
            log.clear();
            appendRange(log, 501, 503);
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            assertThat(log.firstSequence()).isEqualTo(501);
            assertThat(readAll(log, 0)).containsExactly("501:entry-501", "502:entry-502", "503:entry-503");
        }
    }

    @Test
    void shouldStartEmptyLogAtAnySequenceNumberEvenAfterCrashLeftEmptySegment() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            log.append(101, payload(101));
            log.clear();
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            appendRange(log, 7, 8);
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            assertThat(log.recovery().repaired()).isFalse();
            assertThat(readAll(log, 0)).containsExactly("7:entry-7", "8:entry-8");
        }
    }

    @Test
    void shouldReadBackEntriesWrittenStraightIntoItsBufferAsWellAsOnesLargerThanTheBuffer() throws IOException {
        byte[] large = new byte[WriteAheadLog.PAYLOAD_BYTES_MAX];
        Arrays.fill(large, (byte) 'x');
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            appendRange(log, 1, 2);
            byte[] third = payload(3);
            log.append(3, third.length, destination -> destination.put(third));
            log.append(4, large.length, destination -> destination.put(large));
            appendRange(log, 5, 5);
            log.sync();
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            // Reopening checks every record's CRC and cuts the log at the first that does not match.
            assertThat(log.recovery().repaired()).isFalse();
            assertThat(readAll(log, 1)).containsExactly(
                    "1:entry-1", "2:entry-2", "3:entry-3", "4:" + "x".repeat(large.length), "5:entry-5");
        }
    }

    @Test
    void shouldRefuseAPayloadOfAnotherLengthThanAnnouncedWithoutLeavingAPartialRecord() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            appendRange(log, 1, 1);
            assertThatThrownBy(() -> log.append(2, 10, destination -> destination.put(payload(2))))
                    .isInstanceOf(InvariantViolation.class);
            appendRange(log, 2, 3);
            log.sync();
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory)) {
            assertThat(log.recovery().repaired()).isFalse();
            assertThat(readAll(log, 1)).containsExactly("1:entry-1", "2:entry-2", "3:entry-3");
        }
    }
}
