package dsms.node.storage;

import dsms.core.Checks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces a write-ahead log to disk on a thread of its own, so that the thread that owns the log
 * goes on receiving and executing while the disk works.
 *
 * <p>The owner hands over a {@link WriteAheadLog.ForceBatch} with a ticket (increasing numbers);
 * {@link #forcedTicket()} says how far the disk has got. Batches handed over while a force runs
 * are merged and forced together, which is group commit across the owner's cycles. The owner
 * holds back whatever must wait for durability until its ticket is forced.
 *
 * <p>A failed force stops the forcer for good: {@link #forcedTicket()} then throws, and the
 * process, which must not answer for entries it could not make durable, stops.
 */
public final class LogForcer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogForcer.class);

    /**
     * A force that takes longer than this is logged with its duration: the sequencer holds every
     * send until its force returns, so one slow disk flush stalls the whole cluster, and the log
     * line is how an operator tells that apart from a protocol stall.
     */
    static final long FORCE_SLOW_NS_MIN = 500_000_000L;

    private final String name;
    private final long forceSlowNsMin;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile Runnable onForced;
    private volatile long forcedTicket;
    private volatile IOException failure;
    /** Guarded by {@link #lock}: what waits to be forced, with the ticket of its newest part. */
    private WriteAheadLog.ForceBatch pending;
    private long pendingTicket;
    /** Guarded by {@link #lock}: batches forced whose full segments the owner has yet to close. */
    private final List<WriteAheadLog.ForceBatch> forcedBatches = new ArrayList<>();
    private boolean closed;

    /** @param name the thread's name, such as {@code log-forcer-A} */
    public LogForcer(String name) {
        this(name, FORCE_SLOW_NS_MIN);
    }

    /** As {@link #LogForcer(String)}, logging every force that takes {@code forceSlowNsMin} or longer. */
    LogForcer(String name, long forceSlowNsMin) {
        Checks.check(forceSlowNsMin >= 0, "forceSlowNsMin %d is at least 0", forceSlowNsMin);
        this.name = name;
        this.forceSlowNsMin = forceSlowNsMin;
        this.onForced = () -> {};
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** What to call after each force, on the forcer's thread: typically waking the owner's loop. */
    public void onForced(Runnable action) {
        this.onForced = action;
    }

    /** Asks for {@code batch} to be forced; {@code ticket} is larger than every earlier one. */
    public void request(long ticket, WriteAheadLog.ForceBatch batch) {
        synchronized (lock) {
            Checks.check(!closed, "a closed forcer takes no batch");
            Checks.check(ticket > Math.max(pendingTicket, forcedTicket), "ticket %d follows %d", ticket, pendingTicket);
            pending = pending == null ? batch : pending.followedBy(batch);
            pendingTicket = ticket;
            lock.notifyAll();
        }
    }

    /** The newest ticket whose batch, and every earlier one, is on disk; throws once a force failed. */
    public long forcedTicket() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("the log could not be forced to disk", failed);
        }
        return forcedTicket;
    }

    /** Waits until {@code ticket} is forced; throws once a force failed. */
    public void awaitForced(long ticket) throws IOException {
        synchronized (lock) {
            while (forcedTicket < ticket && failure == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the log was being forced", e);
                }
            }
        }
        forcedTicket();
    }

    /** The batches forced since the last call, for the owner to close their full segments. */
    public List<WriteAheadLog.ForceBatch> takeForcedBatches() {
        synchronized (lock) {
            // Called once per cycle: nothing to copy in most of them.
            if (forcedBatches.isEmpty()) {
                return List.of();
            }
            List<WriteAheadLog.ForceBatch> taken = List.copyOf(forcedBatches);
            forcedBatches.clear();
            return taken;
        }
    }

    /** Stops the thread once what was handed over is forced. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forcedTicket();
    }

    private void run() {
        while (true) {
            WriteAheadLog.ForceBatch batch;
            long ticket;
            synchronized (lock) {
                while (pending == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Nothing interrupts this daemon thread but the JVM's end.
                        return;
                    }
                }
                if (pending == null) {
                    return;
                }
                batch = pending;
                ticket = pendingTicket;
                pending = null;
            }
            long startNs = System.nanoTime();
            try {
                batch.force();
            } catch (IOException e) {
                synchronized (lock) {
                    failure = e;
                    lock.notifyAll();
                }
                onForced.run();
                return;
            }
            long forceNs = System.nanoTime() - startNs;
            if (forceNs >= forceSlowNsMin) {
                LOG.warn("{}: forcing the log to disk took {} ms", name, forceNs / 1_000_000L);
            }
            synchronized (lock) {
                forcedBatches.add(batch);
                forcedTicket = ticket;
                lock.notifyAll();
            }
            onForced.run();
        }
    }
}
