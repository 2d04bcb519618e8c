package dsms.node.bench;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes a selector at a time finer than the whole milliseconds its {@code select} waits for, from
 * a thread of its own that sleeps until then.
 *
 * <p>A fixed-rate run sends every request at its intended time. The loop used to wait for a send
 * due within a millisecond in sleeps of 0.1 ms, looking at its connections after each, so that
 * answers arriving meanwhile were timed as precisely: about 4,200 wake-ups a second at 65,000
 * operations a second, each taking one of the two cores from the cluster it measures. With the
 * alarm the loop sleeps in {@code select} until an answer arrives or the alarm rings at the next
 * send time: one wake-up of each thread per send.
 */
final class SelectorAlarm implements AutoCloseable {
    /** No alarm is set. */
    private static final long UNSET = Long.MAX_VALUE;

    private final Selector selector;
    /** When to wake the selector ({@link System#nanoTime}), or {@link #UNSET}. */
    private final AtomicLong dueNs = new AtomicLong(UNSET);
    private final Thread thread;
    private volatile boolean closed;

    SelectorAlarm(Selector selector, String threadName) {
        this.selector = selector;
        this.thread = new Thread(this::ring, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Wakes the selector at {@code atNs}, instead of at any time set before; a selector that is not
     * selecting then returns from its next select at once.
     */
    void set(long atNs) {
        long before = dueNs.getAndSet(atNs);
        if (atNs < before) {
            // The thread may be asleep until the later time: it looks again.
            LockSupport.unpark(thread);
        }
    }

    private void ring() {
        while (!closed) {
            long due = dueNs.get();
            if (due == UNSET) {
                LockSupport.park(this);
                continue;
            }
            long waitNs = due - System.nanoTime();
            if (waitNs > 0) {
                LockSupport.parkNanos(this, waitNs);
            } else if (dueNs.compareAndSet(due, UNSET)) {
                selector.wakeup();
            }
        }
    }

    /** Stops the thread; the selector is not woken again. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
