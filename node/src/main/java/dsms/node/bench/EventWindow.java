package dsms.node.bench;

import java.util.concurrent.TimeUnit;

/**
 * The span of a fault during a run: from the moment the replica was killed until one second
 * after it was back, up and caught up. The extra second covers the aftermath (requests queued
 * behind the recovery, a burst of catch-up traffic) that clients still feel once the replica is
 * back.
 *
 * <p>An operation belongs to the event when its life overlaps the window: it completed (or
 * failed) at or after the kill, and it was meant to leave before the window's end. So a request in
 * flight when the replica died counts, as does every request sent while it was down. Until the
 * replica is back the window has no end; a replica that never comes back during the run makes the
 * event last until the run's end.
 *
 * <p>The crash thread opens and closes the window while the event loops classify their
 * operations, so both bounds are volatile; each is written once.
 */
final class EventWindow {
    /** How long after the replica is back the event still lasts. */
    static final long AFTERMATH_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long OPEN = Long.MAX_VALUE;

    private volatile long startNs = OPEN;
    private volatile long endNs = OPEN;

    /** The event begins now: the replica is about to be killed. */
    void start(long killNs) {
        startNs = killNs;
    }

    /** The replica was seen back, up and caught up, at {@code backNs}; the event ends a second later. */
    void end(long backNs) {
        endNs = backNs + AFTERMATH_NS;
    }

    boolean started() {
        return startNs != OPEN;
    }

    boolean ended() {
        return endNs != OPEN;
    }

    long startNs() {
        return startNs;
    }

    /** The window's end, or {@link Long#MAX_VALUE} while the replica is not back. */
    long endNs() {
        return endNs;
    }

    /** Whether an operation meant to leave at {@code intendedNs} and done at {@code completedNs} belongs to the event. */
    boolean overlaps(long intendedNs, long completedNs) {
        return completedNs >= startNs && intendedNs < endNs;
    }
}
