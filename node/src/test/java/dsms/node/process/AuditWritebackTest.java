package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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

    private FileChannel newFile(String name) throws IOException {
        return FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Test
    void shouldDeclineAndCountARequestBeyondItsBoundWhileTheThreadIsBehind() throws IOException {
        AuditWriteback writeback = new AuditWriteback("audit-writeback-test", this::forceHeldUntilReleased);
        try (FileChannel file = newFile("market-NYK.log")) {
            assertThat(writeback.request(file, false)).isTrue();
            await().atMost(30, TimeUnit.SECONDS).until(() -> forced.size() == 1);
            for (int request = 0; request < AuditWriteback.REQUESTS_MAX; request++) {
                assertThat(writeback.request(file, false)).isTrue();
            }

            assertThat(writeback.request(file, false)).isFalse();
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
        AuditWriteback writeback = new AuditWriteback("audit-writeback-test", this::forceHeldUntilReleased);
        try (FileChannel first = newFile("user-first.log"); FileChannel handedOver = newFile("user-second.log")) {
            writeback.request(first, false);
            await().atMost(30, TimeUnit.SECONDS).until(() -> forced.size() == 1);
            writeback.request(handedOver, true);

            Thread closing = new Thread(writeback::close);
            closing.start();
            await().atMost(30, TimeUnit.SECONDS).until(() -> closing.getState() == Thread.State.WAITING);
            released.countDown();
            closing.join(30_000);

            assertThat(closing.isAlive()).isFalse();
            assertThat(forced).containsExactly(first);
            assertThat(handedOver.isOpen()).isFalse();
            assertThat(writeback.request(first, false)).isFalse();
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
            });
            try {
                writeback.request(failing, false);
                writeback.request(next, false);

                await().atMost(30, TimeUnit.SECONDS).until(() -> writeback.forced() == 1);
                assertThat(forced).containsExactly(next);
                assertThat(writeback.failures()).isEqualTo(1);
            } finally {
                writeback.close();
            }
        }
    }
}
