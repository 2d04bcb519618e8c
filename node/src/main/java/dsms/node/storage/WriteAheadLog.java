package dsms.node.storage;

import dsms.core.Checks;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A replica's write-ahead log of ordered entries, in segment files.
 *
 * <p>Each record is {@code [int payloadLength][int crc32c][long sequence][payload]}, where the CRC
 * covers the sequence number and the payload. Sequence numbers are consecutive. Appends go to a
 * buffer; {@link #sync()} writes the buffer and forces it to disk once for everything appended
 * since the last sync, which is how callers get group commit: append a burst, sync once, then
 * release the burst's results.
 *
 * <p>Opening a log checks every record. A torn or corrupt tail (a crash during a write, a bad
 * disk block) is cut back to the last good record, and anything after it is discarded: the
 * replica fetches those entries again from its peers. The log never serves a record whose CRC
 * does not match.
 *
 * <p>A full segment is not forced when the log moves on to the next one: the next {@link #sync()}
 * forces it, before it forces the active segment. And segments behind a snapshot are deleted by a
 * thread of the log's own, oldest first. Both used to happen on the owner's thread: forcing a
 * 64 MiB segment written without forcing ({@code fsync: never}) took 100 to 115 ms, and deleting
 * one took 45 to 90 ms, and every request in flight waited for each (seen with {@code strace} as
 * stalls of 130 to 145 ms every 11 s at 50,000 operations a second).
 *
 * <p>Not thread-safe: one replica thread owns it.
 */
public final class WriteAheadLog implements Closeable {
    /** Identifies a segment file and its format version. */
    static final long SEGMENT_MAGIC = 0x44534D5357414C31L; // "DSMSWAL1"

    static final int SEGMENT_HEADER_BYTES = Long.BYTES;
    static final int RECORD_HEADER_BYTES = Integer.BYTES + Integer.BYTES + Long.BYTES;
    /** Where the bytes the CRC covers start in a record: the sequence number, then the payload. */
    private static final int CHECKED_OFFSET = Integer.BYTES + Integer.BYTES;
    /** Commands are small; anything larger in a length field is corruption, not data. */
    public static final int PAYLOAD_BYTES_MAX = 1 << 20;
    /** Segments stay small enough that truncation behind a snapshot frees space promptly. */
    public static final long SEGMENT_BYTES_DEFAULT = 64L << 20;
    static final int WRITE_BUFFER_BYTES = 1 << 20;
    /**
     * Segment deletions that may wait for the deleting thread; beyond that the owner waits for
     * room. A replica truncates after each snapshot, a few segments at most, so it is never near.
     */
    static final int DELETIONS_PENDING_MAX = 64;

    private final Path directory;
    private final long segmentBytesMax;
    private final List<Segment> segments;
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private FileChannel active;
    /**
     * Full segments, still open, whose last records the next {@link #sync()} forces. Without
     * forces ({@code fsync: never}) they stay until truncation deletes them, which closes them:
     * so there are as many as there are segments left behind the active one, a few.
     */
    private final List<RetiredSegment> retiredUnforced = new ArrayList<>();
    /**
     * Batches of {@link #prepareForce()} not yet back through {@link #forced}: while any is out, a
     * segment that truncation deletes may still be being forced as some batch's active segment,
     * so its file is closed only once none is out.
     */
    private int batchesOut;
    /** Deleted segments' files waiting for {@link #batchesOut} to reach 0 to be closed. */
    private final List<FileChannel> closeWhenNoBatchOut = new ArrayList<>();
    private final SegmentDeleter deleter;
    private long activeBytes;
    private long lastSequence;
    private final RecoveryReport recovery;

    private WriteAheadLog(Path directory, long segmentBytesMax, SegmentScanner.Result scanned) throws IOException {
        this.directory = directory;
        this.segmentBytesMax = segmentBytesMax;
        this.segments = new ArrayList<>(scanned.segments());
        this.lastSequence = scanned.lastSequence();
        this.recovery = scanned.report();
        this.deleter = new SegmentDeleter(directory, DELETIONS_PENDING_MAX);
        if (!segments.isEmpty()) {
            Segment last = segments.get(segments.size() - 1);
            active = FileChannel.open(last.path(), StandardOpenOption.WRITE);
            activeBytes = active.size();
            active.position(activeBytes);
        }
    }

    /**
     * Opens (or creates) the log in {@code directory}, checking every record and cutting a bad
     * tail; {@link #recovery()} says what was found.
     */
    public static WriteAheadLog open(Path directory, long segmentBytesMax) throws IOException {
        Files.createDirectories(directory);
        return new WriteAheadLog(directory, segmentBytesMax, SegmentScanner.scanAndRepair(directory));
    }

    public static WriteAheadLog open(Path directory) throws IOException {
        return open(directory, SEGMENT_BYTES_DEFAULT);
    }

    /** What opening the log found: its range and how much of a bad tail was cut. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** The first sequence number still in the log, or 0 when it is empty. */
    public long firstSequence() {
        return segments.isEmpty() || lastSequence == 0 ? 0 : segments.get(0).firstSequence();
    }

    /** The last sequence number appended, or 0 when the log has never held an entry. */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * Appends one entry. The first entry of an empty log may have any sequence number (a replica
     * that starts from a snapshot continues after it); every later one must be the next.
     */
    public void append(long sequence, byte[] payload) throws IOException {
        append(sequence, payload.length, destination -> destination.put(payload));
    }

    /**
     * Appends one entry whose {@code payloadBytes} bytes {@code payload} writes straight into the
     * log's buffer, as {@link #append(long, byte[])} does with an array's: the sequencer and the
     * replicas encode each entry there instead of into an array of its own.
     */
    public void append(long sequence, int payloadBytes, PayloadWriter payload) throws IOException {
        Checks.check(lastSequence == 0 || sequence == lastSequence + 1,
                "log entries are consecutive: %d follows %d", sequence, lastSequence);
        Checks.check(sequence > 0, "sequence numbers start at 1");
        Checks.check(payloadBytes >= 0 && payloadBytes <= PAYLOAD_BYTES_MAX,
                "a log payload has at most %d bytes", PAYLOAD_BYTES_MAX);
        int recordBytes = RECORD_HEADER_BYTES + payloadBytes;
        if (lastSequence == 0 && active != null && segments.get(segments.size() - 1).firstSequence() != sequence) {
            // An empty log continues after a snapshot: its segment must be named by its first entry.
            clear();
        }
        if (active == null || activeBytes + bufferedBytes() + recordBytes > segmentBytesMax) {
            rollSegment(sequence);
        }
        if (writeBuffer.remaining() < recordBytes) {
            writeBuffered();
        }
        if (recordBytes > writeBuffer.capacity()) {
            ByteBuffer record = ByteBuffer.allocate(recordBytes);
            writeRecord(record, sequence, payloadBytes, payload);
            record.flip();
            while (record.hasRemaining()) {
                activeBytes += active.write(record);
            }
        } else {
            writeRecord(writeBuffer, sequence, payloadBytes, payload);
        }
        lastSequence = sequence;
    }

    /**
     * Writes one record at the position of {@code target}. The CRC is computed over the buffer once
     * the payload is in it: the sequence number lies just before the payload, so the bytes it
     * covers are contiguous. A payload of another length than announced is a programmer error; the
     * buffer is then left as it was, with no partial record in it.
     */
    private void writeRecord(ByteBuffer target, long sequence, int payloadBytes, PayloadWriter payload) {
        int start = target.position();
        int end = start + RECORD_HEADER_BYTES + payloadBytes;
        try {
            target.putInt(payloadBytes).putInt(0).putLong(sequence);
            payload.write(target);
            Checks.check(target.position() == end, "a log payload is as long as its writer announced");
        } catch (RuntimeException e) {
            target.position(start);
            throw e;
        }
        int limit = target.limit();
        crc.reset();
        crc.update(target.position(start + CHECKED_OFFSET).limit(end));
        target.limit(limit);
        target.putInt(start + Integer.BYTES, (int) crc.getValue());
    }

    /** Writes everything appended so far and forces it to disk: after this, it survives a crash. */
    public void sync() throws IOException {
        ForceBatch batch = prepareForce();
        batch.force();
        forced(batch);
    }

    /**
     * Hands everything appended so far to the operating system and returns what forcing it
     * covers: the full segments not forced yet and the active one. The batch may be forced on
     * another thread while this one goes on appending; it closes none of the batch's files until
     * {@link #forced} is called with it, and {@link #clear()} and {@link #close()} must wait for
     * every batch handed out to be forced.
     */
    public ForceBatch prepareForce() throws IOException {
        writeBuffered();
        List<FileChannel> retired = new ArrayList<>(retiredUnforced.size());
        for (RetiredSegment segment : retiredUnforced) {
            retired.add(segment.channel());
        }
        retiredUnforced.clear();
        batchesOut++;
        return new ForceBatch(List.copyOf(retired), active, 1);
    }

    /** Closes the full segments of a batch that has been forced; on the owner's thread. */
    public void forced(ForceBatch batch) throws IOException {
        for (FileChannel retired : batch.retired()) {
            retired.close();
        }
        batchesOut -= batch.parts();
        Checks.check(batchesOut >= 0, "every forced batch was handed out: %d out", batchesOut);
        if (batchesOut == 0) {
            for (FileChannel deleted : closeWhenNoBatchOut) {
                deleted.close();
            }
            closeWhenNoBatchOut.clear();
        }
    }

    /** Writes everything appended so far to the operating system without forcing it to disk. */
    public void flush() throws IOException {
        writeBuffered();
    }

    /** Reads every entry from {@code fromSequence} on, in order, including unsynced ones. */
    public void read(long fromSequence, EntryConsumer consumer) throws IOException {
        writeBuffered();
        for (int index = 0; index < segments.size(); index++) {
            boolean hasLaterSegment = index + 1 < segments.size();
            if (hasLaterSegment && segments.get(index + 1).firstSequence() <= fromSequence) {
                continue;
            }
            SegmentScanner.readRecords(segments.get(index).path(), fromSequence, consumer);
        }
    }

    /**
     * Deletes whole segments that hold only entries before {@code sequence}, once a snapshot at or
     * after {@code sequence - 1} makes them unnecessary. The active segment is never deleted.
     */
    public void truncateBefore(long sequence) throws IOException {
        while (segments.size() > 1 && segments.get(1).firstSequence() <= sequence) {
            Path path = segments.remove(0).path();
            // Its entries are no longer needed, so it need not be forced either.
            for (int index = 0; index < retiredUnforced.size(); index++) {
                if (retiredUnforced.get(index).path().equals(path)) {
                    FileChannel channel = retiredUnforced.remove(index).channel();
                    if (batchesOut == 0) {
                        channel.close();
                    } else {
                        closeWhenNoBatchOut.add(channel);
                    }
                    break;
                }
            }
            deleter.delete(path);
        }
    }

    /** Segment deletions that failed on the deleting thread, each logged; for tests. */
    long deletionFailures() {
        return deleter.failures();
    }

    /**
     * Deletes every entry. A replica does this when it installs a snapshot from its peers that is
     * newer than its whole log, or when it is replaced and throws its state away.
     */
    public void clear() throws IOException {
        writeBuffer.clear();
        // A new log may name a segment like one waiting to be deleted, so those go first.
        deleter.awaitPending();
        deleter.resume();
        closeRetired();
        if (active != null) {
            active.close();
            active = null;
        }
        for (Segment segment : segments) {
            Files.deleteIfExists(segment.path());
        }
        segments.clear();
        activeBytes = 0;
        lastSequence = 0;
        SegmentScanner.syncDirectory(directory);
    }

    /** Waits for the deletions of truncated segments asked for so far, for tests. */
    void awaitDeletions() throws IOException {
        deleter.awaitPending();
    }

    /** The number of segment files, for tests and status. */
    int segmentCount() {
        return segments.size();
    }

    @Override
    public void close() throws IOException {
        try {
            if (active != null) {
                sync();
                active.close();
                active = null;
            }
        } finally {
            closeRetired();
            deleter.close();
        }
    }

    private void closeRetired() throws IOException {
        for (RetiredSegment retired : retiredUnforced) {
            retired.channel().close();
        }
        retiredUnforced.clear();
        for (FileChannel deleted : closeWhenNoBatchOut) {
            deleted.close();
        }
        closeWhenNoBatchOut.clear();
    }

    /** Full segments not forced yet, for tests. */
    int retiredUnforcedSegments() {
        return retiredUnforced.size();
    }

    private void rollSegment(long firstSequence) throws IOException {
        if (active != null) {
            // Written, not forced: the next sync forces it (see the class comment).
            writeBuffered();
            retiredUnforced.add(new RetiredSegment(segments.get(segments.size() - 1).path(), active));
        }
        Path path = directory.resolve(SegmentScanner.segmentName(firstSequence));
        active = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        active.write(ByteBuffer.allocate(SEGMENT_HEADER_BYTES).putLong(0, SEGMENT_MAGIC));
        activeBytes = SEGMENT_HEADER_BYTES;
        segments.add(new Segment(path, firstSequence));
        SegmentScanner.syncDirectory(directory);
    }

    private int bufferedBytes() {
        return writeBuffer.position();
    }

    private void writeBuffered() throws IOException {
        if (writeBuffer.position() == 0) {
            return;
        }
        writeBuffer.flip();
        while (writeBuffer.hasRemaining()) {
            activeBytes += active.write(writeBuffer);
        }
        writeBuffer.clear();
    }

    static int checksum(CRC32C crc, long sequence, byte[] payload, int offset, int length) {
        crc.reset();
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc.update((int) (sequence >>> shift));
        }
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    /**
     * The files one force must cover, in the order they were written.
     *
     * @param retired full segments that were not forced when the log moved on
     * @param active the segment being appended to, or null when the log has none
     * @param parts how many batches of {@link #prepareForce()} this one covers
     */
    public record ForceBatch(List<FileChannel> retired, FileChannel active, int parts) {
        /** Forces every file of the batch; safe on any thread (see {@link #prepareForce()}). */
        public void force() throws IOException {
            for (FileChannel channel : retired) {
                channel.force(false);
            }
            if (active != null) {
                active.force(false);
            }
        }

        /**
         * One batch that covers this one and a later one: whatever this one's active segment was,
         * it is now the later one's active segment or among its retired ones.
         */
        public ForceBatch followedBy(ForceBatch later) {
            List<FileChannel> both = new ArrayList<>(retired);
            both.addAll(later.retired());
            return new ForceBatch(List.copyOf(both), later.active(), parts + later.parts());
        }
    }

    /** Writes one entry's payload into the log's buffer: exactly the bytes announced for it. */
    @FunctionalInterface
    public interface PayloadWriter {
        void write(ByteBuffer destination);
    }

    /** Receives log entries in order. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(long sequence, byte[] payload) throws IOException;
    }

    /** One segment file and the sequence number of its first record. */
    record Segment(Path path, long firstSequence) {}

    /** A full segment's file, still open because it was not forced yet. */
    private record RetiredSegment(Path path, FileChannel channel) {}

    /**
     * What opening a log found.
     *
     * @param lastSequence the last good entry, or 0 when the log is empty
     * @param truncatedBytes how many bytes of a torn or corrupt tail were cut
     * @param discardedSegments how many whole segments after a bad record were deleted
     */
    public record RecoveryReport(long lastSequence, long truncatedBytes, int discardedSegments) {
        public boolean repaired() {
            return truncatedBytes > 0 || discardedSegments > 0;
        }
    }
}
