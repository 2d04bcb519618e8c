package dsms.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    private static final long MIB = 1L << 20;
    /** File systems whose pages live in the page cache; tmpfs pages are the files themselves and stay. */
    private static final Set<String> DISK_FILE_SYSTEMS = Set.of("ext4", "xfs", "btrfs", "ext3", "f2fs");

    private Path directory;

    /** Under target/, on the build's disk: a temporary directory may be tmpfs, whose pages cannot be dropped. */
    @BeforeEach
    void createDirectory() throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        directory = Files.createTempDirectory(target, "page-cache-test");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    @Test
    void shouldCutRangesDownToTheAlignmentSoThatThePageBeingAppendedToStays() {
        assertThat(PageCache.alignedLength(-1)).isZero();
        assertThat(PageCache.alignedLength(PageCache.ALIGNMENT_BYTES - 1)).isZero();
        assertThat(PageCache.alignedLength(PageCache.ALIGNMENT_BYTES)).isEqualTo(PageCache.ALIGNMENT_BYTES);
        assertThat(PageCache.alignedLength(3 * PageCache.ALIGNMENT_BYTES + 100)).isEqualTo(3 * PageCache.ALIGNMENT_BYTES);
    }

    @Test
    void shouldDoNothingForARangeShorterThanTheAlignment() {
        assertThat(PageCache.dropWritten(directory.resolve("absent.log"), PageCache.ALIGNMENT_BYTES - 1))
                .isEqualTo(PageCache.Outcome.NOTHING);
    }

    @Test
    void shouldReportAFileThatCannotBeOpenedAsFailed() {
        assumeTrue(PageCache.isAvailable(), "the C library is reachable here");
        assertThat(PageCache.dropWritten(directory.resolve("absent.log"), 4 * MIB)).isEqualTo(PageCache.Outcome.FAILED);
    }

    @Test
    void shouldBeAvailableOnLinuxOnX8664() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the machines this project is built and measured on");
        assertThat(PageCache.isAvailable()).isTrue();
    }

    @Test
    void shouldFreeTheCachedPagesOfAFileOnDiskAndKeepItsContent() throws IOException {
        assumeTrue(PageCache.isAvailable(), "the C library is reachable here");
        assumeTrue(DISK_FILE_SYSTEMS.contains(Files.getFileStore(directory).type()), "target/ is on a disk file system");
        Path file = directory.resolve("market-NYK.log");
        long fileBytes = 256 * MIB;
        byte[] block = new byte[(int) MIB];
        Arrays.fill(block, (byte) 'x');
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < fileBytes; written += block.length) {
                channel.write(ByteBuffer.wrap(block));
            }
            channel.force(false);
        }
        long cachedBeforeKib = cachedKib();

        assertThat(PageCache.dropWritten(file, fileBytes)).isEqualTo(PageCache.Outcome.DROPPED);

        // The machine's other work moves the page cache too, so only most of the file is asked for.
        assertThat(cachedBeforeKib - cachedKib()).isGreaterThan(fileBytes / 2 / 1024);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(block.length);
            channel.read(last, fileBytes - block.length);
            assertThat(last.array()).isEqualTo(block);
        }
    }

    /** The page cache's size, from /proc/meminfo. */
    private static long cachedKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("Cached:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/meminfo has no Cached line");
    }
}
