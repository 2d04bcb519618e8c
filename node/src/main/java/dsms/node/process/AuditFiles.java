package dsms.node.process;

import dsms.core.AuditSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 */
final class AuditFiles implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFiles.class);
    static final int OPEN_FILES_MAX = 128;
    /** Log names come from the service; only plain names may become file names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Bytes buffered per open file before they go to the operating system. */
    static final int FILE_BUFFER_BYTES = 16 * 1024;

    private final Path directory;
    private final Map<String, OutputStream> open = new LinkedHashMap<>(16, 0.75f, true);
    private long failures;

    AuditFiles(Path directory) throws IOException {
        this.directory = directory;
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
            OutputStream file = open.get(logName);
            if (file == null) {
                // Checked only when a file is opened: an open file's name was checked then.
                if (!SAFE_NAME.matcher(logName).matches()) {
                    failures++;
                    return;
                }
                file = openFile(logName);
            }
            file.write(line, 0, length);
            file.write('\n');
        } catch (IOException e) {
            // Losing an audit line must not stop the replica; the failure is counted and logged.
            if (failures++ == 0) {
                LOG.warn("cannot write audit log {}: {}", logName, e.getMessage());
            }
        }
    }

    /** Hands buffered lines to the operating system; called once per event-loop cycle. */
    void flush() {
        for (OutputStream file : open.values()) {
            try {
                file.flush();
            } catch (IOException e) {
                failures++;
            }
        }
    }

    /** Deletes every audit log, as a replaced replica throws its state away. */
    void clear() throws IOException {
        close();
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    long failures() {
        return failures;
    }

    private OutputStream openFile(String logName) throws IOException {
        if (open.size() >= OPEN_FILES_MAX) {
            String eldest = open.keySet().iterator().next();
            open.remove(eldest).close();
        }
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(directory.resolve(logName + ".log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), FILE_BUFFER_BYTES);
        open.put(logName, file);
        return file;
    }

    @Override
    public void close() {
        for (OutputStream file : open.values()) {
            try {
                file.close();
            } catch (IOException e) {
                failures++;
            }
        }
        open.clear();
    }
}
