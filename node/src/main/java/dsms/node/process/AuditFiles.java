package dsms.node.process;

import dsms.core.AuditSink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a replica's audit lines to one file per log (per market and per user) in its data
 * directory. Open files are bounded: the least recently used is closed when the bound is reached,
 * since a market can have many more users than a process may hold open files.
 *
 * <p>Lines come as UTF-8 bytes, built once by the service for every log they belong in, and wait
 * in memory per file until the replica's loop has sent the cycle's results: it then writes them
 * at most every {@link #FLUSH_INTERVAL_NS}, or sooner once {@link #PENDING_BYTES_FLUSH} wait. On
 * two busy cores, writing each cycle's lines before its results left (a system call per file and
 * cycle, and the copy into the page cache) was about half of each replica's time and sat in every
 * answer's path.
 *
 * <p>Lines still in memory when the process dies are not lost: their entries are in the replica's
 * log, and the replay after a restart hands their lines to {@link #recordReplayed}. A line is
 * written only when its sequence number is past the last complete line of its file when the file
 * was opened (a file holds at most one line per operation, in the order of the operations), so a
 * line reaches its file once however often its entry is delivered. A line cut short by the crash is cut off when its file is opened. After
 * each write the sequence number through which every line was handed to the operating system is
 * kept in {@link #WRITTEN_THROUGH_FILE}, so that the replay builds and checks lines only for the
 * entries after it ({@link #writtenThrough}) instead of opening every file the log touches.
 * Everything up to a checkpoint is written before the checkpoint is saved ({@link #flush}), since
 * the log before it is then deleted.
 *
 * <p>Every {@link #WRITEBACK_BYTES} a file grows, it is handed to an {@link AuditWriteback} to be
 * forced to disk on another thread, and so is a file closed for the bound with data not yet
 * forced: the kernel would otherwise write a replica's audit pages back in bursts of gigabytes.
 */
final class AuditFiles implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFiles.class);
    static final int OPEN_FILES_MAX = 128;
    /** Log names come from the service; only plain names may become file names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The longest lines wait in memory after their cycle, unless more than {@link #PENDING_BYTES_FLUSH} do. */
    static final long FLUSH_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Bytes waiting in all files together that are written after the cycle whatever the time. */
    static final int PENDING_BYTES_FLUSH = 1 << 20;
    /** Bytes one file holds in memory; a line that would not fit has the file's lines written first. */
    static final int FILE_PENDING_BYTES_MAX = 1 << 20;
    private static final int FILE_PENDING_BYTES_INITIAL = 1024;

    /** Bytes a file grows by between two forces to disk: small enough that no burst builds up. */
    static final long WRITEBACK_BYTES = 1L << 20;

    /** How much of a file's end is read at a time to find its last complete line. */
    private static final int TAIL_READ_BYTES = 4096;
    /** A file's last line is searched for this far back at most: lines are far shorter. */
    static final int TAIL_SEARCH_BYTES_MAX = 128 * 1024;
    private static final byte[] SEQUENCE_FIELD = " seq=".getBytes(StandardCharsets.US_ASCII);
    /** Where {@link #SEQUENCE_FIELD} starts after a time such as {@code 2026-11-24T12:00:00.001Z}. */
    private static final int TIMED_SEQUENCE_AT = 24;

    /** Holds, as 19 decimal digits and a line end, the sequence number through which all lines were written. */
    static final String WRITTEN_THROUGH_FILE = "written-through.seq";
    private static final int WRITTEN_THROUGH_DIGITS = 19;

    /** An open audit file: its lines not yet written, its channel, and what was written since it was last forced. */
    private static final class OpenLog {
        final Path path;
        final RandomAccessFile file;
        final FileChannel channel;
        /** The sequence number of the file's last complete line when opened: a replayed line at or before it is there. */
        final long lastSequence;
        byte[] pending = new byte[FILE_PENDING_BYTES_INITIAL];
        int pendingLength;
        long bytesUnforced;

        OpenLog(Path path, RandomAccessFile file, long lastSequence) {
            this.path = path;
            this.file = file;
            this.channel = file.getChannel();
            this.lastSequence = lastSequence;
        }
    }

    private final Path directory;
    private final AuditWriteback writeback;
    private final Map<String, OpenLog> open = new LinkedHashMap<>(16, 0.75f, true);
    private final FileChannel writtenThroughChannel;
    private final ByteBuffer writtenThroughText = ByteBuffer.allocate(WRITTEN_THROUGH_DIGITS + 1);
    private long writtenThrough;
    private long pendingBytes;
    private long nextFlushNs = Long.MIN_VALUE;
    private long failures;
    private long replayedLinesWritten;
    private long linesAlreadyWritten;
    private long tailsCut;

    /** @param writeback where files go to be forced; closed with these files */
    AuditFiles(Path directory, AuditWriteback writeback) throws IOException {
        this.directory = directory;
        this.writeback = writeback;
        Files.createDirectories(directory);
        this.writtenThroughChannel = FileChannel.open(directory.resolve(WRITTEN_THROUGH_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.writtenThrough = readWrittenThrough(writtenThroughChannel);
    }

    /**
     * The sequence number through which every entry's lines were handed to the operating system
     * before the last stop or crash, 0 when unknown: only later entries' lines can be missing.
     */
    long writtenThrough() {
        return writtenThrough;
    }

    @Override
    public void record(String logName, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        record(logName, bytes, bytes.length);
    }

    /**
     * Records a line, unless its file already ends with it or a later one: a line reaches its file
     * once even when its entry is delivered again after a restart (replayed from the log, or taken
     * again from a peer because the crash lost it from the log after the line was written).
     */
    @Override
    public void record(String logName, byte[] line, int length) {
        recordOnce(logName, line, length);
    }

    /**
     * Records a line of an entry replayed from the log after a restart: written only when its
     * sequence number is past the file's last complete line, that is, when the crash lost it.
     */
    void recordReplayed(String logName, byte[] line, int length) {
        if (recordOnce(logName, line, length)) {
            replayedLinesWritten++;
        }
    }

    private boolean recordOnce(String logName, byte[] line, int length) {
        OpenLog file = fileOf(logName);
        if (file == null) {
            return false;
        }
        long sequence = sequenceOf(line, length);
        // A line without a sequence number cannot be told apart from an earlier one: it is written.
        if (sequence != 0 && sequence <= file.lastSequence) {
            linesAlreadyWritten++;
            return false;
        }
        append(logName, file, line, length);
        return true;
    }

    /**
     * Writes the waiting lines once {@link #FLUSH_INTERVAL_NS} passed since the last write, or
     * enough wait; called after each cycle's sends.
     *
     * @param linesThroughSequence the sequence number through which every entry's lines were recorded
     */
    void flushIfDue(long nowNs, long linesThroughSequence) {
        if (flushDue(nowNs)) {
            flush(linesThroughSequence);
            nextFlushNs = nowNs + FLUSH_INTERVAL_NS;
        }
    }

    /** Whether {@link #flushIfDue} would write now. */
    private boolean flushDue(long nowNs) {
        return pendingBytes > 0 && (nowNs >= nextFlushNs || pendingBytes >= PENDING_BYTES_FLUSH);
    }

    /**
     * Hands every waiting line to the operating system, then notes {@code linesThroughSequence}
     * as written through, and hands files grown by {@link #WRITEBACK_BYTES} since their last force
     * to the writeback.
     *
     * @param linesThroughSequence the sequence number through which every entry's lines were recorded
     */
    void flush(long linesThroughSequence) {
        for (Map.Entry<String, OpenLog> entry : open.entrySet()) {
            OpenLog file = entry.getValue();
            if (file.pendingLength > 0) {
                writePending(entry.getKey(), file);
            }
            if (file.bytesUnforced >= WRITEBACK_BYTES) {
                // A declined request is counted there; the kernel then writes these pages back.
                writeback.request(file.path, file.channel, false);
                file.bytesUnforced = 0;
            }
        }
        if (linesThroughSequence > writtenThrough) {
            noteWrittenThrough(linesThroughSequence);
        }
    }

    long failures() {
        return failures;
    }

    /** Lines of replayed entries that the files lacked and were written again. */
    long replayedLinesWritten() {
        return replayedLinesWritten;
    }

    /** Lines not written because their file already ended with them or a later line. */
    long linesAlreadyWritten() {
        return linesAlreadyWritten;
    }

    /** Files whose last line was cut short (by a crash while writing) and was cut off when opened. */
    long tailsCut() {
        return tailsCut;
    }

    private OpenLog fileOf(String logName) {
        OpenLog file = open.get(logName);
        if (file != null) {
            return file;
        }
        // Checked only when a file is opened: an open file's name was checked then.
        if (!SAFE_NAME.matcher(logName).matches()) {
            failures++;
            return null;
        }
        try {
            return openFile(logName);
        } catch (IOException e) {
            countFailure(logName, e);
            return null;
        }
    }

    private void append(String logName, OpenLog file, byte[] line, int length) {
        int needed = file.pendingLength + length + 1;
        if (needed > file.pending.length) {
            if (needed > FILE_PENDING_BYTES_MAX && file.pendingLength > 0) {
                writePending(logName, file);
                needed = length + 1;
            }
            if (needed > file.pending.length) {
                file.pending = Arrays.copyOf(file.pending, Math.max(needed, Math.min(2 * file.pending.length, FILE_PENDING_BYTES_MAX)));
            }
        }
        System.arraycopy(line, 0, file.pending, file.pendingLength, length);
        file.pending[file.pendingLength + length] = '\n';
        file.pendingLength += length + 1;
        pendingBytes += length + 1;
    }

    private void writePending(String logName, OpenLog file) {
        int length = file.pendingLength;
        file.pendingLength = 0;
        pendingBytes -= length;
        try {
            file.file.write(file.pending, 0, length);
            file.bytesUnforced += length;
        } catch (IOException e) {
            // Losing audit lines must not stop the replica; the failure is counted and logged.
            countFailure(logName, e);
        }
    }

    private void countFailure(String logName, IOException e) {
        if (failures++ == 0) {
            LOG.warn("cannot write audit log {}: {}", logName, e.getMessage());
        }
    }

    private OpenLog openFile(String logName) throws IOException {
        if (open.size() >= OPEN_FILES_MAX) {
            Map.Entry<String, OpenLog> eldest = open.entrySet().iterator().next();
            open.remove(eldest.getKey());
            closeEvicted(eldest.getKey(), eldest.getValue());
        }
        Path path = directory.resolve(logName + ".log");
        RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw");
        try {
            long lastSequence = endAtLastCompleteLine(logName, raw.getChannel());
            raw.seek(raw.length());
            OpenLog file = new OpenLog(path, raw, lastSequence);
            open.put(logName, file);
            return file;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Cuts a line left incomplete by a crash off the file's end, and returns the sequence number of
     * the last complete line, 0 when there is none or it has no sequence number.
     */
    private long endAtLastCompleteLine(String logName, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        byte[] tail = readTail(channel, size);
        int end = tail.length;
        if (tail[end - 1] != '\n') {
            int lastNewline = lastIndexOf(tail, end - 1);
            long cutAt = lastNewline < 0 ? size - tail.length : size - tail.length + lastNewline + 1;
            channel.truncate(cutAt);
            tailsCut++;
            LOG.warn("audit log {}: cut off an incomplete last line of {} bytes", logName, size - cutAt);
            if (lastNewline < 0) {
                return 0;
            }
            end = lastNewline + 1;
        }
        int start = lastIndexOf(tail, end - 2) + 1;
        return sequenceOf(Arrays.copyOfRange(tail, start, end - 1), end - 1 - start);
    }

    /** The end of the file, long enough to hold its last two line ends (or all of it). */
    private static byte[] readTail(FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(size, TAIL_READ_BYTES);
        while (true) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            long from = size - length;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) < 0) {
                    throw new IOException("the audit file shrank while it was read");
                }
            }
            byte[] tail = buffer.array();
            boolean enough = length == size || length >= TAIL_SEARCH_BYTES_MAX || newlines(tail) >= 2;
            if (enough) {
                return tail;
            }
            length = (int) Math.min(size, Math.min((long) length * 4, TAIL_SEARCH_BYTES_MAX));
        }
    }

    private static int newlines(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    private static int lastIndexOf(byte[] bytes, int fromIndex) {
        for (int i = fromIndex; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Overwrites the note in place: one small write, after the lines it vouches for. */
    private void noteWrittenThrough(long sequence) {
        String digits = Long.toString(sequence);
        writtenThroughText.clear();
        for (int i = digits.length(); i < WRITTEN_THROUGH_DIGITS; i++) {
            writtenThroughText.put((byte) '0');
        }
        writtenThroughText.put(digits.getBytes(StandardCharsets.US_ASCII)).put((byte) '\n').flip();
        try {
            while (writtenThroughText.hasRemaining()) {
                writtenThroughChannel.write(writtenThroughText, writtenThroughText.position());
            }
            writtenThrough = sequence;
        } catch (IOException e) {
            countFailure(WRITTEN_THROUGH_FILE, e);
        }
    }

    /** The noted sequence number; 0 (every replayed line is checked) when the note is missing or damaged. */
    private static long readWrittenThrough(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(WRITTEN_THROUGH_DIGITS + 1);
        while (text.hasRemaining() && channel.read(text, text.position()) > 0) {
            // Reads until the note is complete or the file ends.
        }
        if (text.hasRemaining() || text.get(WRITTEN_THROUGH_DIGITS) != '\n') {
            return 0;
        }
        long sequence = 0;
        for (int i = 0; i < WRITTEN_THROUGH_DIGITS; i++) {
            byte digit = text.get(i);
            if (digit < '0' || digit > '9') {
                return 0;
            }
            sequence = sequence * 10 + (digit - '0');
        }
        return sequence;
    }

    /**
     * The number after the first {@code seq=} of a line (at its start or after a space), 0 when
     * there is none: lines are {@code <time> seq=<n> ...}.
     */
    static long sequenceOf(byte[] line, int length) {
        int digitsAt = -1;
        if (length >= 4 && line[0] == 's' && line[1] == 'e' && line[2] == 'q' && line[3] == '=') {
            digitsAt = 4;
        } else if (length > TIMED_SEQUENCE_AT + SEQUENCE_FIELD.length && Arrays.equals(line, TIMED_SEQUENCE_AT,
                TIMED_SEQUENCE_AT + SEQUENCE_FIELD.length, SEQUENCE_FIELD, 0, SEQUENCE_FIELD.length)) {
            // Every line of a replica starts with the same 24 characters of time: no search.
            digitsAt = TIMED_SEQUENCE_AT + SEQUENCE_FIELD.length;
        } else {
            for (int i = 0; i + SEQUENCE_FIELD.length <= length && digitsAt < 0; i++) {
                if (Arrays.equals(line, i, i + SEQUENCE_FIELD.length, SEQUENCE_FIELD, 0, SEQUENCE_FIELD.length)) {
                    digitsAt = i + SEQUENCE_FIELD.length;
                }
            }
        }
        if (digitsAt < 0) {
            return 0;
        }
        long sequence = 0;
        int digits = 0;
        for (int i = digitsAt; i < length && digits < 18 && line[i] >= '0' && line[i] <= '9'; i++, digits++) {
            sequence = sequence * 10 + (line[i] - '0');
        }
        return sequence;
    }

    /** Closes a file let go for the bound; with data not yet forced, the writeback closes it after forcing. */
    private void closeEvicted(String logName, OpenLog file) throws IOException {
        if (file.pendingLength > 0) {
            writePending(logName, file);
        }
        if (file.bytesUnforced > 0 && writeback.request(file.path, file.channel, true)) {
            return;
        }
        file.file.close();
    }

    /** Writes what waits, closes the files and stops the writeback, leaving what it had not forced to the kernel. */
    @Override
    public void close() {
        for (Map.Entry<String, OpenLog> entry : open.entrySet()) {
            OpenLog file = entry.getValue();
            if (file.pendingLength > 0) {
                writePending(entry.getKey(), file);
            }
            try {
                file.file.close();
            } catch (IOException e) {
                failures++;
            }
        }
        open.clear();
        try {
            writtenThroughChannel.close();
        } catch (IOException e) {
            failures++;
        }
        writeback.close();
    }
}
