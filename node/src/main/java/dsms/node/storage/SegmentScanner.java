package dsms.node.storage;

import dsms.node.storage.WriteAheadLog.EntryConsumer;
import dsms.node.storage.WriteAheadLog.RecoveryReport;
import dsms.node.storage.WriteAheadLog.Segment;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Reads segment files: the full check and repair at open, and plain reads afterwards. */
final class SegmentScanner {
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private SegmentScanner() {}

    /** Zero-padded so that the names sort in sequence order. */
    static String segmentName(long firstSequence) {
        return PREFIX + String.format("%020d", firstSequence) + SUFFIX;
    }

    record Result(List<Segment> segments, long lastSequence, RecoveryReport report) {}

    /**
     * Checks every record of every segment in order and cuts the log at the first bad one: the
     * rest of that segment is truncated and every later segment deleted.
     */
    static Result scanAndRepair(Path directory) throws IOException {
        List<Segment> segments = listSegments(directory);
        List<Segment> good = new ArrayList<>();
        long lastSequence = 0;
        long truncatedBytes = 0;
        int discarded = 0;
        for (int index = 0; index < segments.size(); index++) {
            Segment segment = segments.get(index);
            long expected = lastSequence == 0 ? segment.firstSequence() : lastSequence + 1;
            ScanOutcome outcome = scanSegment(segment.path(), expected);
            boolean namedRight = segment.firstSequence() == expected;
            if (!namedRight || outcome.goodBytes() < Long.BYTES) {
                discarded += deleteFrom(segments, index);
                break;
            }
            good.add(segment);
            if (outcome.lastSequence() != 0) {
                lastSequence = outcome.lastSequence();
            }
            if (outcome.goodBytes() < outcome.fileBytes()) {
                truncatedBytes += outcome.fileBytes() - outcome.goodBytes();
                truncate(segment.path(), outcome.goodBytes());
                discarded += deleteFrom(segments, index + 1);
                break;
            }
        }
        if (discarded > 0 || truncatedBytes > 0) {
            syncDirectory(directory);
        }
        return new Result(good, lastSequence, new RecoveryReport(lastSequence, truncatedBytes, discarded));
    }

    /** Reads the records of one segment with sequence numbers from {@code fromSequence} on. */
    static void readRecords(Path path, long fromSequence, EntryConsumer consumer) throws IOException {
        CRC32C crc = new CRC32C();
        try (DataInputStream input = open(path)) {
            if (input.readLong() != WriteAheadLog.SEGMENT_MAGIC) {
                throw new IOException(path + ": not a log segment");
            }
            while (true) {
                Record record = readRecord(input, crc);
                if (record == null) {
                    return;
                }
                if (record.sequence() >= fromSequence) {
                    consumer.accept(record.sequence(), record.payload());
                }
            }
        } catch (EOFException e) {
            throw new IOException(path + ": log segment is shorter than its records say", e);
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for syncing; the rename is then as durable
            // as that file system makes it, which is all we can do there.
        }
    }

    private record ScanOutcome(long goodBytes, long fileBytes, long lastSequence) {}

    private record Record(long sequence, byte[] payload) {}

    private static ScanOutcome scanSegment(Path path, long expectedSequence) throws IOException {
        long fileBytes = Files.size(path);
        CRC32C crc = new CRC32C();
        long goodBytes = 0;
        long lastSequence = 0;
        try (DataInputStream input = open(path)) {
            if (fileBytes < Long.BYTES || input.readLong() != WriteAheadLog.SEGMENT_MAGIC) {
                return new ScanOutcome(0, fileBytes, 0);
            }
            goodBytes = Long.BYTES;
            long expected = expectedSequence;
            while (goodBytes < fileBytes) {
                Record record = readCheckedRecord(input, crc, fileBytes - goodBytes);
                if (record == null || record.sequence() != expected) {
                    break;
                }
                goodBytes += WriteAheadLog.RECORD_HEADER_BYTES + record.payload().length;
                lastSequence = record.sequence();
                expected++;
            }
        }
        return new ScanOutcome(goodBytes, fileBytes, lastSequence);
    }

    /** A record, or null when the bytes left do not hold a whole record with a matching CRC. */
    private static Record readCheckedRecord(DataInputStream input, CRC32C crc, long bytesLeft) throws IOException {
        if (bytesLeft < WriteAheadLog.RECORD_HEADER_BYTES) {
            return null;
        }
        int length = input.readInt();
        int checksum = input.readInt();
        long sequence = input.readLong();
        if (length < 0 || length > WriteAheadLog.PAYLOAD_BYTES_MAX
                || length > bytesLeft - WriteAheadLog.RECORD_HEADER_BYTES) {
            return null;
        }
        byte[] payload = input.readNBytes(length);
        if (WriteAheadLog.checksum(crc, sequence, payload, 0, length) != checksum) {
            return null;
        }
        return new Record(sequence, payload);
    }

    /** The next record of a segment already checked at open, or null at its end. */
    private static Record readRecord(DataInputStream input, CRC32C crc) throws IOException {
        byte[] header = input.readNBytes(WriteAheadLog.RECORD_HEADER_BYTES);
        if (header.length == 0) {
            return null;
        }
        if (header.length < WriteAheadLog.RECORD_HEADER_BYTES) {
            throw new EOFException();
        }
        java.nio.ByteBuffer fields = java.nio.ByteBuffer.wrap(header);
        int length = fields.getInt();
        int checksum = fields.getInt();
        long sequence = fields.getLong();
        if (length < 0 || length > WriteAheadLog.PAYLOAD_BYTES_MAX) {
            throw new IOException("log record " + sequence + " has a bad length");
        }
        byte[] payload = input.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException();
        }
        if (WriteAheadLog.checksum(crc, sequence, payload, 0, length) != checksum) {
            throw new IOException("log record " + sequence + " fails its CRC check");
        }
        return new Record(sequence, payload);
    }

    private static List<Segment> listSegments(Path directory) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    segments.add(new Segment(file, Long.parseLong(digits)));
                }
            }
        }
        // Directory listings come in no particular order; the log's order is the sequence order.
        segments.sort((left, right) -> Long.compare(left.firstSequence(), right.firstSequence()));
        return segments;
    }

    private static int deleteFrom(List<Segment> segments, int fromIndex) throws IOException {
        int deleted = 0;
        for (int index = fromIndex; index < segments.size(); index++) {
            Files.deleteIfExists(segments.get(index).path());
            deleted++;
        }
        return deleted;
    }

    private static void truncate(Path path, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(bytes);
            channel.force(true);
        }
    }

    private static DataInputStream open(Path path) throws IOException {
        InputStream file = Files.newInputStream(path);
        return new DataInputStream(new BufferedInputStream(file, 1 << 16));
    }
}
