package dsms.node.process;

import dsms.node.storage.PageCache;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces audit files to disk on a thread of its own, a little at a time as they grow, so that
 * their pages never wait in memory to be written back all at once.
 *
 * <p>Audit lines are not forced for durability: the log of entries is what recovery trusts, and
 * a replica that replays it writes again only the lines its files lack ({@link
 * AuditFiles#recordReplayed}). Left to the kernel, though, a
 * replica's audit pages (about 20 MB a second at 65,000 operations a second) all grew dirty at
 * the same pace and reached the kernel's expiry, 30 s by default, together: the kernel then
 * wrote back about 2 GB in under two seconds, and the cluster's slowest runs had their stall
 * inside such a burst (BENCHMARKS.md, "The twelfth round"). Forcing each file every
 * {@link AuditFiles#WRITEBACK_BYTES} spreads the same writes evenly. The idea is the one of
 * RocksDB's {@code bytes_per_sync}; Java has no {@code sync_file_range}, so this thread waits
 * for each file's data to be written, which the loop that writes the lines never does.
 *
 * <p>Once a file's data is on disk, its pages are dropped from the page cache ({@link
 * PageCache#dropWritten}): audit files only grow, nothing reads them back on the replica's path,
 * and new page-cache pages cost far more than reused ones on the machines measured here.
 *
 * <p>Requests are bounded by {@link #REQUESTS_MAX}. When the thread falls behind, a request is
 * declined and counted, and the kernel writes those pages back in its own time, as before.
 */
final class AuditWriteback implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriteback.class);
    /** One request per open audit file, and as many again for files closed while waiting. */
    static final int REQUESTS_MAX = 2 * AuditFiles.OPEN_FILES_MAX;

    /** How a file's written data goes to disk: {@code FileChannel.force(false)} but in tests. */
    @FunctionalInterface
    interface Force {
        void force(FileChannel file) throws IOException;
    }

    /** How a forced file's pages leave the page cache: {@link PageCache#dropWritten} but in tests. */
    @FunctionalInterface
    interface Drop {
        PageCache.Outcome dropWritten(Path file, long bytesOnDisk);
    }

    /**
     * A file to force, at {@code path}; with {@code closeAfter}, the writer has let go of it and it
     * is closed after.
     */
    private record Request(Path path, FileChannel file, boolean closeAfter) {}

    private static final Request STOP = new Request(null, null, false);

    private final BlockingQueue<Request> requests = new ArrayBlockingQueue<>(REQUESTS_MAX);
    private final Force force;
    private final Drop drop;
    private final Thread thread;
    private final AtomicLong forced = new AtomicLong();
    private final AtomicLong declined = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;

    AuditWriteback(String threadName) {
        this(threadName, file -> file.force(false), PageCache::dropWritten);
    }

    AuditWriteback(String threadName, Force force, Drop drop) {
        this.force = force;
        this.drop = drop;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for {@code file}, open at {@code path}, to be forced and its pages then dropped; {@code
     * closeAfter} hands the file over for good. Returns false, counted, when the requests are at
     * their bound or the thread stopped: the caller then still owns the file, and the kernel writes
     * its pages back on its own.
     */
    boolean request(Path path, FileChannel file, boolean closeAfter) {
        if (!stopping && requests.offer(new Request(path, file, closeAfter))) {
            return true;
        }
        declined.incrementAndGet();
        return false;
    }

    /** Files forced so far. */
    long forced() {
        return forced.get();
    }

    /** Requests declined because the thread was behind or stopped. */
    long declined() {
        return declined.get();
    }

    /** Forced files whose pages the kernel was told to drop. */
    long dropped() {
        return dropped.get();
    }

    /** Forces that failed; an audit file's failure never stops the replica. */
    long failures() {
        return failures.get();
    }

    /**
     * Stops the thread without forcing what still waits: a stopping replica's pages stay with the
     * kernel, which writes them back whether the process lives or not. Files handed over for good
     * are still closed.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            // The thread takes requests until it sees this one, so there is room for it soon.
            requests.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Declined requests say the disk could not keep up with the audit lines; an operator sees it here.
        LOG.info("audit writeback stopped: {} forces, {} page cache drops, {} declined, {} failed",
                forced(), dropped(), declined(), failures());
    }

    private void run() {
        while (true) {
            Request request;
            try {
                request = requests.take();
            } catch (InterruptedException e) {
                // Nothing interrupts this daemon thread but the JVM's end.
                return;
            }
            if (request == STOP) {
                return;
            }
            if (!stopping) {
                forceAndDrop(request);
            }
            if (request.closeAfter()) {
                closeQuietly(request.file());
            }
        }
    }

    /**
     * Forces the file, then drops the pages of what was written before the force began, all of
     * which the force put on disk.
     */
    private void forceAndDrop(Request request) {
        try {
            long bytesBeforeForce = request.file().size();
            force.force(request.file());
            forced.incrementAndGet();
            if (drop.dropWritten(request.path(), bytesBeforeForce) == PageCache.Outcome.DROPPED) {
                dropped.incrementAndGet();
            }
        } catch (ClosedChannelException e) {
            // The writer closed the file meanwhile (it stopped, or cleared its audit): nothing to do.
        } catch (IOException e) {
            if (failures.getAndIncrement() == 0) {
                LOG.warn("cannot force an audit file to disk: {}", e.getMessage());
            }
        }
    }

    private void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            failures.incrementAndGet();
        }
    }
}
