package dsms.node.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State a replaced replica threw away, waiting to be deleted. A replacement moves the replica's
 * log, snapshots and audit logs into this directory, which is a rename and takes no time whatever
 * their size, so the new replica starts at once; a background thread deletes them once the new
 * replica is up (deleting tens of thousands of audit files competes with the new replica for the
 * disk while it installs its state), or after {@link #WAIT_FOR_REPLICA_MS_MAX} at the latest.
 */
final class DiscardedState {
    private static final Logger LOG = LoggerFactory.getLogger(DiscardedState.class);
    static final String DIRECTORY_NAME = "discarded";
    /** The longest the deletion waits for the new replica to be up before it starts anyway. */
    static final long WAIT_FOR_REPLICA_MS_MAX = 60_000;
    static final long CHECK_INTERVAL_MS = 100;
    /** Names tried for one moved directory before giving up: a clash means earlier leftovers. */
    static final int NAME_ATTEMPTS_MAX = 1_000;

    private final Path directory;
    private final AtomicBoolean deleting = new AtomicBoolean();

    DiscardedState(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Moves {@code part} (a file or a directory) into the discarded state, if it exists. */
    void moveAside(Path part) throws IOException {
        if (!Files.exists(part)) {
            return;
        }
        Files.createDirectories(directory);
        for (int attempt = 1; attempt <= NAME_ATTEMPTS_MAX; attempt++) {
            Path target = directory.resolve(part.getFileName() + "-" + attempt);
            if (!Files.exists(target)) {
                Files.move(part, target);
                return;
            }
        }
        throw new IOException("no free name in " + directory + " for " + part.getFileName()
                + " after " + NAME_ATTEMPTS_MAX + " attempts");
    }

    /**
     * Deletes everything in the discarded state on a background thread, once {@code ready} says so
     * (or the wait runs out). One deletion runs at a time; state moved aside while it runs is
     * deleted by the same thread before it ends.
     */
    void deleteInBackground(BooleanSupplier ready) {
        if (!Files.isDirectory(directory) || !deleting.compareAndSet(false, true)) {
            return;
        }
        Thread deleter = new Thread(() -> {
            boolean deleted;
            do {
                awaitReady(ready);
                deleted = deleteContents();
                deleting.set(false);
                // Another pass only after a clean one, for state moved aside meanwhile: a pass
                // that failed would fail again, and the next manager start tries again instead.
            } while (deleted && !isEmpty() && deleting.compareAndSet(false, true));
        }, "discarded-state-deleter");
        deleter.setDaemon(true);
        deleter.start();
    }

    private static void awaitReady(BooleanSupplier ready) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_FOR_REPLICA_MS_MAX);
        try {
            while (!ready.getAsBoolean() && System.nanoTime() < deadlineNs) {
                TimeUnit.MILLISECONDS.sleep(CHECK_INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes what is in the directory, not the directory itself, which a replacement may be
     * moving into; tells whether it succeeded.
     */
    boolean deleteContents() {
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(directory)).toList();
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            // Leftovers cost only disk space; the next replacement or manager start tries again.
            LOG.warn("cannot delete the discarded state in {}: {}", directory, e.getMessage());
            return false;
        }
    }

    boolean isEmpty() {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }
}
