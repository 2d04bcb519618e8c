package dsms.node.process;

import dsms.core.Checks;
import dsms.node.storage.SnapshotStore;
import dsms.protocol.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Saves a replica's checkpoints to disk on a thread of its own, so that the replica's event loop
 * does not wait for the write and the force of several megabytes. Every replica takes a checkpoint
 * at the same sequence numbers: saved on the loop, the save stalled all of them at once, and every
 * request in flight waited for the slowest disk (the largest part of the tail latency).
 *
 * <p>Bound: one checkpoint waits at most. Only the newest matters, since each one supersedes the
 * ones before it, so a checkpoint still waiting when a newer one arrives is dropped unsaved.
 *
 * <p>Saves start at most once per {@code saveIntervalNsMin}. Replicas checkpoint every 16,384
 * entries, several times a second under load, and three replicas writing and forcing several
 * megabytes each time kept the disk busy enough that the logs' forces waited behind them (the
 * sequencer's slowest took 340 and 770 ms at 36,000 ops/s). A restart replays at most one
 * interval more of the log.
 *
 * <p>Saves start on slots {@code saveIntervalNsMin} apart, each replica's shifted by its own
 * phase, so that replicas sharing a machine (and its monotonic clock) take turns: all three saved
 * in the same millisecond, the CRC, the copy into the page cache and the force of three snapshots
 * together held both cores and the file system's journal, and every second the clients' slowest
 * batches waited for it. One replica saving at a time slows only that one, and an answer needs the
 * fastest replica (crash mode) or the second fastest (byzantine mode).
 *
 * <p>The event loop learns what was saved through {@link #takeSaved} and only then shortens its
 * log: until a checkpoint is on disk, the log still holds every entry after the previous one.
 */
final class SnapshotWriter implements AutoCloseable {
    private final SnapshotStore store;
    private final Thread thread;
    private final Object lock = new Object();
    /** The newest checkpoint not yet being saved; null when none waits. */
    private Checkpoint waiting;
    private boolean saving;
    private boolean closed;
    /** Set while a caller waits for everything handed over to be saved, which skips the interval. */
    private boolean flushing;
    private final long saveIntervalNsMin;
    /** Where this writer's slots lie within the interval. */
    private final long phaseNs;
    private final LongSupplier clockNs;
    /** When the next save may start, by {@link #clockNs}. */
    private long nextSaveNs;
    /** The highest sequence number saved since the loop last asked; -1 when none. */
    private long savedSequence = -1;
    private IOException failure;
    private long checkpointsSuperseded;

    /** A writer that starts a save at most once per {@code saveIntervalNsMin} of {@code clockNs}, on any slot. */
    SnapshotWriter(SnapshotStore store, String replicaName, long saveIntervalNsMin, LongSupplier clockNs) {
        this(store, replicaName, saveIntervalNsMin, 0, clockNs);
    }

    /**
     * A writer that starts a save at most once per {@code saveIntervalNsMin} of {@code clockNs},
     * only at times {@code phaseNs} past a multiple of the interval (a replica's turn among those
     * that share the machine).
     */
    SnapshotWriter(SnapshotStore store, String replicaName, long saveIntervalNsMin, long phaseNs, LongSupplier clockNs) {
        Checks.check(saveIntervalNsMin >= 0, "save interval %d ns is not negative", saveIntervalNsMin);
        Checks.check(phaseNs >= 0 && (phaseNs < saveIntervalNsMin || phaseNs == 0), "phase %d ns lies within the interval", phaseNs);
        this.store = store;
        this.saveIntervalNsMin = saveIntervalNsMin;
        this.phaseNs = phaseNs;
        this.clockNs = clockNs;
        long nowNs = clockNs.getAsLong();
        this.nextSaveNs = saveIntervalNsMin == 0 ? nowNs : nowNs + Math.floorMod(phaseNs - nowNs, saveIntervalNsMin);
        this.thread = new Thread(this::run, "snapshot-writer-" + replicaName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands a checkpoint over for saving; a checkpoint still waiting is superseded by it. */
    void submit(Checkpoint checkpoint) {
        synchronized (lock) {
            Checks.check(!closed, "the snapshot writer takes no checkpoints after closing");
            if (waiting != null) {
                checkpointsSuperseded++;
            }
            waiting = checkpoint;
            lock.notifyAll();
        }
    }

    /**
     * The highest sequence number whose checkpoint was saved since the last call, if any.
     *
     * @throws UncheckedIOException if a save failed: a replica that cannot save its state stops,
     *     as it does when it cannot write its log, and its manager restarts it
     */
    OptionalLong takeSaved() {
        synchronized (lock) {
            if (failure != null) {
                throw new UncheckedIOException("cannot save a checkpoint", failure);
            }
            long sequence = savedSequence;
            savedSequence = -1;
            return sequence < 0 ? OptionalLong.empty() : OptionalLong.of(sequence);
        }
    }

    /**
     * Waits until everything handed over is saved, without waiting for the save interval, for a
     * caller about to write the store itself.
     */
    void awaitIdle() throws InterruptedException {
        synchronized (lock) {
            flushing = true;
            lock.notifyAll();
            try {
                while ((waiting != null || saving) && failure == null) {
                    lock.wait();
                }
            } finally {
                flushing = false;
            }
        }
    }

    long checkpointsSuperseded() {
        synchronized (lock) {
            return checkpointsSuperseded;
        }
    }

    private void run() {
        while (true) {
            Checkpoint next;
            synchronized (lock) {
                while (!closed && (waiting == null || !flushing && clockNs.getAsLong() < nextSaveNs)) {
                    // Wakes for a submit, a flush, a close, or when the interval is over.
                    long waitMs = waiting == null ? 0 : Math.max(1, (nextSaveNs - clockNs.getAsLong()) / 1_000_000);
                    try {
                        lock.wait(waitMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (waiting == null) {
                    return; // closed, and everything handed over was saved
                }
                next = waiting;
                waiting = null;
                saving = true;
            }
            IOException error = null;
            nextSaveNs = slotAfter(clockNs.getAsLong());
            try {
                store.save(next.sequence(), next.bytes());
            } catch (IOException e) {
                error = e;
            }
            synchronized (lock) {
                saving = false;
                if (error != null) {
                    failure = error;
                } else {
                    savedSequence = Math.max(savedSequence, next.sequence());
                }
                lock.notifyAll();
            }
        }
    }

    /** The first slot after {@code nowNs}, when a save started at {@code nowNs}. */
    private long slotAfter(long nowNs) {
        if (saveIntervalNsMin == 0) {
            return nowNs;
        }
        long slot = nowNs + Math.floorMod(phaseNs - nowNs, saveIntervalNsMin);
        return slot == nowNs ? slot + saveIntervalNsMin : slot;
    }

    /** Saves what is waiting, then stops the thread; waits for it at most {@code waitMsMax}. */
    void close(long waitMsMax) throws InterruptedException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        thread.join(waitMsMax);
    }

    @Override
    public void close() throws InterruptedException {
        close(CLOSE_WAIT_MS_MAX);
    }

    /** Long enough to force a checkpoint of a large market to a slow disk; a stop never hangs longer. */
    static final long CLOSE_WAIT_MS_MAX = 10_000;
}
