package dsms.node.process;

import dsms.core.AuditSink;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a replica's audit lines to one file per log (per market and per user) in its data
 * directory. Open files are bounded: the least recently used is closed when the bound is reached,
 * since a market can have many more users than a process may hold open files.
 *
 * <p>Lines come as UTF-8 bytes, built once by the service for every log they belong in, and go
 * through a byte buffer per file: encoding through a {@code Writer} per file was a tenth of a
 * replica's time under load.
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

    /** Bytes buffered per open file before they go to the operating system. */
    static final int FILE_BUFFER_BYTES = 16 * 1024;

    /** Bytes a file grows by between two forces to disk: small enough that no burst builds up. */
    static final long WRITEBACK_BYTES = 1L << 20;

    /** An open audit file: its buffer, its channel, and what was written since it was last forced. */
    private static final class OpenLog {
        final BufferedOutputStream buffer;
        final FileChannel channel;
        long bytesUnforced;

        OpenLog(FileOutputStream file) {
            this.buffer = new BufferedOutputStream(file, FILE_BUFFER_BYTES);
            this.channel = file.getChannel();
        }
    }

    private final Path directory;
    private final AuditWriteback writeback;
    private final Map<String, OpenLog> open = new LinkedHashMap<>(16, 0.75f, true);
    private long failures;

    /** @param writeback where files go to be forced; closed with these files */
    AuditFiles(Path directory, AuditWriteback writeback) throws IOException {
        this.directory = directory;
        this.writeback = writeback;
        Files.createDirectories(directory);
    }

    @Override
    public void record(String logName, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        record(logName, bytes, bytes.length);
    }

    @Override
    public void record(String logName, byte[] line, int length) {
        try {
            OpenLog file = open.get(logName);
            if (file == null) {
                // Checked only when a file is opened: an open file's name was checked then.
                if (!SAFE_NAME.matcher(logName).matches()) {
                    failures++;
                    return;
                }
                file = openFile(logName);
            }
            file.buffer.write(line, 0, length);
            file.buffer.write('\n');
            file.bytesUnforced += length + 1;
        } catch (IOException e) {
            // Losing an audit line must not stop the replica; the failure is counted and logged.
            if (failures++ == 0) {
                LOG.warn("cannot write audit log {}: {}", logName, e.getMessage());
            }
        }
    }

    /**
     * Hands buffered lines to the operating system, and files grown by {@link #WRITEBACK_BYTES}
     * since their last force to the writeback; called once per event-loop cycle.
     */
    void flush() {
        for (OpenLog file : open.values()) {
            try {
                file.buffer.flush();
            } catch (IOException e) {
                failures++;
                continue;
            }
            if (file.bytesUnforced >= WRITEBACK_BYTES) {
                // A declined request is counted there; the kernel then writes these pages back.
                writeback.request(file.channel, false);
                file.bytesUnforced = 0;
            }
        }
    }

    long failures() {
        return failures;
    }

    private OpenLog openFile(String logName) throws IOException {
        if (open.size() >= OPEN_FILES_MAX) {
            String eldest = open.keySet().iterator().next();
            closeEvicted(open.remove(eldest));
        }
        // FileOutputStream in append mode creates the file when it is missing.
        OpenLog file = new OpenLog(new FileOutputStream(directory.resolve(logName + ".log").toFile(), true));
        open.put(logName, file);
        return file;
    }

    /** Closes a file let go for the bound; with data not yet forced, the writeback closes it after forcing. */
    private void closeEvicted(OpenLog file) throws IOException {
        try {
            file.buffer.flush();
        } catch (IOException e) {
            // Closing flushes again and, failing or not, closes the file; the failure is counted.
            file.buffer.close();
            throw e;
        }
        if (file.bytesUnforced > 0 && writeback.request(file.channel, true)) {
            return;
        }
        file.buffer.close();
    }

    /** Closes the files and stops the writeback, leaving what it had not forced to the kernel. */
    @Override
    public void close() {
        for (OpenLog file : open.values()) {
            try {
                file.buffer.close();
            } catch (IOException e) {
                failures++;
            }
        }
        open.clear();
        writeback.close();
    }
}
