package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dsms.node.storage.PageCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWritebackTest {
    @TempDir
    Path directory;

    private final List<FileChannel> forced = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    /** Records each force, and holds the thread in its first one until {@link #released}. */
    private void forceHeldUntilReleased(FileChannel file) throws IOException {
        forced.add(file);
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** Each drop as "path bytes", in order, beside the forces. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<FileChannel, Path> paths = new ConcurrentHashMap<>();

    private PageCache.Outcome recordDrop(Path file, long bytesOnDisk) {
        events.add("drop " + file.getFileName() + " " + bytesOnDisk);
        return PageCache.Outcome.DROPPED;
    }

    private FileChannel newFile(String name) throws IOException {
        Path path = directory.resolve(name);
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        paths.put(file, path);
        return file;
    }

    private Path pathOf(FileChannel file) {
        return paths.get(file);
    }

    @Test
    void shouldDropAFilesPagesAfterForcingThemAndOnlyWhatWasWrittenBeforeTheForce() throws IOException {
        try (FileChannel file = newFile("user-NYKB0001.log")) {
            file.write(ByteBuffer.wrap(new byte[300_000]));
            AuditWriteback writeback = new AuditWriteback("audit-writeback-test", forcedFile -> {
                events.add("force " + forcedFile.size());
                // A line the loop writes while the force runs is not known to be on disk yet.
                forcedFile.write(ByteBuffer.wrap(new byte[1_000]));
            }, this::recordDrop);
            try {
                writeback.request(pathOf(file), file, false);

                await().atMost(30, TimeUnit.SECONDS).until(() -> writeback.dropped() == 1);
                assertThat(events).containsExactly("force 300000", "drop user-NYKB0001.log 300000");
            } finally {
                writeback.close();
            }
        }
    }

    @Test
    void shouldForceAndDropThroughTheKernelWhenBuiltAsTheReplicaBuildsIt() throws IOException {
        assumeTrue(PageCache.isAvailable(), "the C library is reachable here");
        AuditWriteback writeback = new AuditWriteback("audit-writeback-test");
        try (FileChannel file = newFile("market-TOK.log")) {
            file.write(ByteBuffer.wrap(new byte[(int) AuditFiles.WRITEBACK_BYTES]));

            writeback.request(pathOf(file), file, false);

            await().atMost(30, TimeUnit.SECONDS).until(() -> writeback.dropped() == 1);
            assertThat(writeback.forced()).isEqualTo(1);
            assertThat(writeback.failures()).isZero();
        } finally {
            writeback.close();
        }
    }

    @Test
    void shouldNotDropThePagesOfAFileWhoseForceFailed() throws IOException {
        try (FileChannel file = newFile("user-NYKB0002.log")) {
            AuditWriteback writeback = new AuditWriteback("audit-writeback-test", forcedFile -> {
                throw new IOException("disk gone");
            }, this::recordDrop);
            try {
                writeback.request(pathOf(file), file, false);

                await().atMost(30, TimeUnit.SECONDS).until(() -> writeback.failures() == 1);
                writeback.close();
                assertThat(events).isEmpty();
                assertThat(writeback.dropped()).isZero();
            } finally {
                writeback.close();
            }
        }
    }

    @Test
    void shouldDeclineAndCountARequestBeyondItsBoundWhileTheThreadIsBehind() throws IOException {
        AuditWriteback writeback = new AuditWriteback("audit-writeback-test", this::forceHeldUntilReleased, this::recordDrop);
        try (FileChannel file = newFile("market-NYK.log")) {
            assertThat(writeback.request(pathOf(file), file, false)).isTrue();
            await().atMost(30, TimeUnit.SECONDS).until(() -> forced.size() == 1);
            for (int request = 0; request < AuditWriteback.REQUESTS_MAX; request++) {
                assertThat(writeback.request(pathOf(file), file, false)).isTrue();
            }

            assertThat(writeback.request(pathOf(file), file, false)).isFalse();
            assertThat(writeback.declined()).isEqualTo(1);

            released.countDown();
            await().atMost(30, TimeUnit.SECONDS).until(() -> writeback.forced() == AuditWriteback.REQUESTS_MAX + 1);
        } finally {
            released.countDown();
            writeback.close();
        }
    }

    @Test
    void shouldStillCloseAHandedOverFileButForceNothingMoreOnceStopping() throws Exception {
        AuditWriteback writeback = new AuditWriteback("audit-writeback-test", this::forceHeldUntilReleased, this::recordDrop);
        try (FileChannel first = newFile("user-first.log"); FileChannel handedOver = newFile("user-second.log")) {
            writeback.request(pathOf(first), first, false);
            await().atMost(30, TimeUnit.SECONDS).until(() -> forced.size() == 1);
            writeback.request(pathOf(handedOver), handedOver, true);

            Thread closing = new Thread(writeback::close);
            closing.start();
            await().atMost(30, TimeUnit.SECONDS).until(() -> closing.getState() == Thread.State.WAITING);
            released.countDown();
            closing.join(30_000);

            assertThat(closing.isAlive()).isFalse();
            assertThat(forced).containsExactly(first);
            assertThat(handedOver.isOpen()).isFalse();
            assertThat(writeback.request(pathOf(first), first, false)).isFalse();
        } finally {
            released.countDown();
            writeback.close();
        }
    }

    @Test
    void shouldCountAFailedForceAndGoOnWithTheNextRequest() throws IOException {
        try (FileChannel failing = newFile("user-a.log"); FileChannel next = newFile("user-b.log")) {
            AuditWriteback writeback = new AuditWriteback("audit-writeback-test", file -> {
                if (file == failing) {
                    throw new IOException("disk gone");
                }
                forced.add(file);
            }, this::recordDrop);
            try {
                writeback.request(pathOf(failing), failing, false);
                writeback.request(pathOf(next), next, false);

                await().atMost(30, TimeUnit.SECONDS).until(() -> writeback.forced() == 1);
                assertThat(forced).containsExactly(next);
                assertThat(writeback.failures()).isEqualTo(1);
            } finally {
                writeback.close();
            }
        }
    }
}
