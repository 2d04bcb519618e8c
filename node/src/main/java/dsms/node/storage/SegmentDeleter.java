package dsms.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a log's segment files on a thread of its own, oldest first, so that the thread that owns
 * the log never waits for the file system to free a large file.
 *
 * <p>After a failed deletion it deletes nothing more until the log is cleared or closed: the
 * segments left behind then stay a contiguous prefix of the log, which opening it reads like any
 * other, where a gap in the middle would look like a damaged log.
 */
final class SegmentDeleter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentDeleter.class);
    /** How long closing waits for pending deletions before leaving them to the next start. */
    private static final long CLOSE_WAIT_MS_MAX = 5_000;

    private final ThreadPoolExecutor executor;
    private final AtomicLong failures = new AtomicLong();
    /** Set by the deleting thread after a failure; later deletions are skipped. */
    private volatile boolean stopped;
    private Future<?> latest;

    SegmentDeleter(Path directory, int pendingMax) {
        // The thread starts with the first deletion and ends after a minute without any.
        this.executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(pendingMax),
                task -> {
                    Thread thread = new Thread(task, "wal-deleter-" + directory.getFileName());
                    thread.setDaemon(true);
                    return thread;
                },
                SegmentDeleter::waitForRoom);
        executor.allowCoreThreadTimeOut(true);
    }

    /** Deletes {@code segment} after every deletion asked for before it. */
    void delete(Path segment) {
        if (executor.isShutdown()) {
            // Closed logs are not truncated; should it happen, the file still goes, inline.
            deleteNow(segment);
            return;
        }
        latest = executor.submit(() -> deleteNow(segment));
    }

    /** Waits until every deletion asked for so far has been done or skipped. */
    void awaitPending() throws IOException {
        Future<?> last = latest;
        if (last == null) {
            return;
        }
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while segments were being deleted", e);
        } catch (ExecutionException e) {
            throw new IOException("deleting a segment failed", e.getCause());
        }
    }

    /** Deletes again after a failure: the log was cleared, so nothing behind is kept any more. */
    void resume() {
        stopped = false;
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MS_MAX, TimeUnit.MILLISECONDS)) {
                LOG.warn("segment deletions still pending after {} ms are left to the next start", CLOSE_WAIT_MS_MAX);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * With {@code pendingMax} deletions waiting, the owner waits for room in the queue rather than
     * deleting inline: deleting out of order could leave a gap in the log.
     */
    private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
        try {
            executor.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting to delete a segment", e);
        }
    }

    private void deleteNow(Path segment) {
        if (stopped) {
            return;
        }
        try {
            Files.deleteIfExists(segment);
        } catch (IOException e) {
            stopped = true;
            failures.incrementAndGet();
            LOG.warn("cannot delete log segment {}, keeping it and every later one: {}", segment, e.toString());
        }
    }
}
