package dsms.node.storage;

import dsms.core.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A replica's snapshots on disk, one file per checkpoint sequence number.
 *
 * <p>A file is {@code [long magic][long sequence][int length][int crc32c][payload]}. It is written
 * to a temporary file, forced to disk, then renamed into place, so a crash leaves either the old
 * set of snapshots or the new one, never a half-written snapshot under a real name. Loading skips
 * any snapshot that fails its CRC and falls back to the next older one.
 */
public final class SnapshotStore {
    static final long SNAPSHOT_MAGIC = 0x44534D53534E4150L; // "DSMSSNAP"
    private static final int HEADER_BYTES = Long.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    /** Two, so that a snapshot that turns out bad on disk still leaves one to recover from. */
    public static final int SNAPSHOTS_KEPT = 2;

    private final Path directory;

    public SnapshotStore(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
    }

    /** A snapshot read back from disk. */
    public record StoredSnapshot(long sequence, byte[] payload) {}

    /** Saves the state as of {@code sequence} durably, then deletes all but the newest few. */
    public void save(long sequence, byte[] payload) throws IOException {
        Checks.check(sequence >= 0, "snapshot sequence numbers are not negative");
        Path temporary = directory.resolve(name(sequence) + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        header.putLong(SNAPSHOT_MAGIC).putLong(sequence).putInt(payload.length).putInt((int) crc.getValue()).flip();
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer body = ByteBuffer.wrap(payload);
            while (header.hasRemaining()) {
                channel.write(header);
            }
            while (body.hasRemaining()) {
                channel.write(body);
            }
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(name(sequence)), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        SegmentScanner.syncDirectory(directory);
        deleteAllButNewest(SNAPSHOTS_KEPT);
    }

    /** The newest snapshot that passes its checks, if any. */
    public Optional<StoredSnapshot> loadNewest() throws IOException {
        List<Long> sequences = sequences();
        for (int index = sequences.size() - 1; index >= 0; index--) {
            Optional<StoredSnapshot> snapshot = read(sequences.get(index));
            if (snapshot.isPresent()) {
                return snapshot;
            }
        }
        return Optional.empty();
    }

    /** Deletes every snapshot, as a replaced replica throws its state away. */
    public void clear() throws IOException {
        deleteAllButNewest(0);
    }

    /** The sequence numbers of the stored snapshots, oldest first. */
    public List<Long> sequences() throws IOException {
        List<Long> sequences = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    sequences.add(Long.parseLong(digits));
                }
            }
        }
        sequences.sort(Long::compare);
        return sequences;
    }

    private Optional<StoredSnapshot> read(long sequence) throws IOException {
        byte[] file = Files.readAllBytes(directory.resolve(name(sequence)));
        if (file.length < HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(file);
        long magic = buffer.getLong();
        long storedSequence = buffer.getLong();
        int length = buffer.getInt();
        int checksum = buffer.getInt();
        if (magic != SNAPSHOT_MAGIC || storedSequence != sequence || length != file.length - HEADER_BYTES) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(file, HEADER_BYTES, length);
        if ((int) crc.getValue() != checksum) {
            return Optional.empty();
        }
        byte[] payload = new byte[length];
        buffer.get(payload);
        return Optional.of(new StoredSnapshot(sequence, payload));
    }

    private void deleteAllButNewest(int kept) throws IOException {
        List<Long> sequences = sequences();
        for (int index = 0; index < sequences.size() - kept; index++) {
            Files.deleteIfExists(directory.resolve(name(sequences.get(index))));
        }
    }

    private static String name(long sequence) {
        return PREFIX + String.format("%020d", sequence) + SUFFIX;
    }
}
