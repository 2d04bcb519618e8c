package dsms.node.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.process.FaultInjector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A replica crash in the middle of a run ({@code dsms bench --crash}): kill -9 of the replica at
 * its time, exactly as {@code dsms fault crash} does, then a {@link RecoveryWatcher} on its own
 * thread until the replica is back. The {@link EventWindow} it opens and closes lets the event
 * loops count the operations the crash touched.
 */
final class CrashEvent {
    /** How long stopping waits for the watcher's thread, which ends within one status request. */
    private static final long WATCHER_JOIN_MS = RecoveryWatcher.STATUS_TIMEOUT.toMillis() + 1_000;

    /** What kills the replica: in a run, {@link FaultInjector#crash}; in tests, a stand-in. */
    interface Killer {
        long kill(String replica) throws FaultInjector.RefusedException, FaultInjector.NotRunningException, IOException;
    }

    private final Killer killer;
    private final String replica;
    private final RecoveryWatcher.StatusSource statusSource;
    private final RecoveryWatcher.Probe probe;
    private final EventWindow window;
    private final Consumer<String> progress;
    private long measureStartNs;
    private long killNs;
    private long killedPid;
    private String failure;
    private RecoveryWatcher watcher;
    private Thread watching;

    /**
     * A crash of {@code replica}; {@code probe} keeps requests flowing while the watcher waits for
     * the replica after the load is over.
     */
    CrashEvent(Killer killer, String replica, RecoveryWatcher.StatusSource statusSource, RecoveryWatcher.Probe probe,
            EventWindow window, Consumer<String> progress) {
        this.killer = killer;
        this.replica = FaultInjector.name(replica);
        this.statusSource = statusSource;
        this.probe = probe;
        this.window = window;
        this.progress = progress;
    }

    EventWindow window() {
        return window;
    }

    /** Kills the replica now and starts watching it come back. */
    void inject(long measureStartNs) {
        this.measureStartNs = measureStartNs;
        killNs = System.nanoTime();
        // The window opens before the signal leaves, so no operation the crash touches completes before it.
        window.start(killNs);
        try {
            killedPid = killer.kill(replica);
        } catch (FaultInjector.RefusedException | FaultInjector.NotRunningException | IOException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            progress.accept(String.format(Locale.ROOT, "%7.1f s  could not kill replica %s: %s", elapsedSeconds(killNs),
                    replica, failure));
            return;
        }
        progress.accept(String.format(Locale.ROOT, "%7.1f s  killed replica %s (pid %d)", elapsedSeconds(killNs), replica,
                killedPid));
        watcher = new RecoveryWatcher(statusSource, replica, window, measureStartNs, progress);
        watching = new Thread(watcher, "bench-recovery-watcher");
        watching.setDaemon(true);
        watching.start();
    }

    /**
     * The load is over: waits up to {@code waitForBack} for the replica to be back if it is not
     * yet (so a recovery longer than the run is still timed), then stops watching and waits for the
     * watcher's thread, so its findings are safe to read.
     */
    void finish(Duration waitForBack) throws InterruptedException {
        if (watching == null) {
            return;
        }
        if (watching.isAlive() && !waitForBack.isZero()) {
            progress.accept(String.format(Locale.ROOT, "the load is over; waiting up to %d s for replica %s to be back "
                    + "(with one read every %d ms to keep requests flowing)", waitForBack.toSeconds(), replica,
                    TimeUnit.NANOSECONDS.toMillis(RecoveryWatcher.POLL_INTERVAL_NS)));
            watcher.keepRequestsFlowing(probe);
            watching.join(waitForBack.toMillis());
        }
        watcher.stop();
        watching.interrupt();
        watching.join(WATCHER_JOIN_MS);
    }

    /**
     * The crash's figures once it is finished: {@code runEndNs} is when the run's last operation
     * was done, where the event ends when the replica came back too late or never; the counts and
     * latencies are those of the operations the event loops found inside the window.
     */
    Report report(long runEndNs, long eventOperations, long eventErrors, Histogram eventLatency) {
        if (killNs == 0) {
            return new Report(replica, Double.NaN, 0, "the run ended before the crash was due", -1, -1, 0, false, 0, 0,
                    eventLatency);
        }
        // The watcher's findings are only read once its thread has ended (the join makes them visible).
        boolean watched = watching != null && !watching.isAlive();
        long seenDownNs = watched ? watcher.seenDownNs() : 0;
        long backNs = watched ? watcher.backNs() : 0;
        String why = failure;
        if (why == null && backNs == 0 && watched && watcher.lastFailure() != null) {
            why = "the last status request failed: " + watcher.lastFailure();
        }
        boolean endedInRun = window.ended() && window.endNs() <= runEndNs;
        long eventEndNs = endedInRun ? window.endNs() : runEndNs;
        return new Report(replica, elapsedSeconds(killNs), killedPid, why,
                seenDownNs == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(seenDownNs - killNs),
                backNs == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(backNs - killNs),
                Math.max(0, eventEndNs - killNs) / 1e9, endedInRun, eventOperations, eventErrors, eventLatency);
    }

    private double elapsedSeconds(long nowNs) {
        return (nowNs - measureStartNs) / 1e9;
    }

    /**
     * What a crash cost the clients. {@code atSeconds} is when the kill happened after the start
     * of the measured part; {@code seenDownAfterMs} and {@code downForMs} are -1 when the front end
     * never showed the replica down, or it was not seen back; {@code eventEndedInRun} says whether
     * the event ended (1 s after the replica was back) before the run's last answer, or was cut
     * there; {@code failure} says why the crash or its watch went wrong, or is null.
     */
    record Report(String replica, double atSeconds, long killedPid, String failure, long seenDownAfterMs, long downForMs,
            double eventSeconds, boolean eventEndedInRun, long operationsDuringEvent, long errorsDuringEvent,
            Histogram latencyDuringEvent) {
        private static final double NANOS_PER_MILLI = 1e6;

        boolean back() {
            return downForMs >= 0;
        }

        boolean killed() {
            return killedPid > 0;
        }

        double p50MsDuringEvent() {
            return percentileMs(50);
        }

        double p99MsDuringEvent() {
            return percentileMs(99);
        }

        double maxMsDuringEvent() {
            return latencyDuringEvent.getTotalCount() == 0 ? 0 : latencyDuringEvent.getMaxValue() / NANOS_PER_MILLI;
        }

        private double percentileMs(double percentile) {
            return latencyDuringEvent.getTotalCount() == 0 ? 0
                    : latencyDuringEvent.getValueAtPercentile(percentile) / NANOS_PER_MILLI;
        }

        /** The {@code crash} object of {@code dsms bench --json}; unknown times are null. */
        void writeJson(ObjectNode crash) {
            crash.put("replica", replica);
            if (Double.isNaN(atSeconds)) {
                crash.putNull("atSeconds");
            } else {
                crash.put("atSeconds", Timeline.round(atSeconds, 3));
            }
            crash.put("killed", killed());
            if (killed()) {
                crash.put("pid", killedPid);
            }
            crash.put("back", back());
            putMillis(crash, "seenDownAfterMs", seenDownAfterMs);
            putMillis(crash, "downForMs", downForMs);
            crash.put("eventSeconds", Timeline.round(eventSeconds, 3))
                    .put("eventEndedInRun", eventEndedInRun)
                    .put("operationsDuringEvent", operationsDuringEvent)
                    .put("errorsDuringEvent", errorsDuringEvent)
                    .put("p50MsDuringEvent", Timeline.round(p50MsDuringEvent(), 3))
                    .put("p99MsDuringEvent", Timeline.round(p99MsDuringEvent(), 3))
                    .put("maxMsDuringEvent", Timeline.round(maxMsDuringEvent(), 3));
            if (failure != null) {
                crash.put("failure", failure);
            }
        }

        /** The human summary, a few lines. */
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            if (!killed()) {
                lines.add("crash of replica " + replica + ": not injected: " + failure);
                return lines;
            }
            lines.add(String.format(Locale.ROOT, "crash of replica %s at %.1f s: %s%s", replica, atSeconds,
                    back() ? "back, up and caught up after " + downForMs + " ms" : "not seen back",
                    seenDownAfterMs >= 0 ? " (the front end showed it down after " + seenDownAfterMs + " ms)" : ""));
            lines.add(String.format(Locale.ROOT, "during the event (%.1f s, from the kill until %s): "
                    + "%d operations, errors %d, latency ms p50 %.2f  p99 %.2f  max %.2f", eventSeconds,
                    eventEndedInRun ? "1 s after it was back" : "the run's last answer", operationsDuringEvent,
                    errorsDuringEvent, p50MsDuringEvent(), p99MsDuringEvent(), maxMsDuringEvent()));
            if (failure != null) {
                lines.add("why: " + failure);
            }
            return lines;
        }

        private static void putMillis(ObjectNode node, String field, long millis) {
            if (millis < 0) {
                node.putNull(field);
            } else {
                node.put(field, millis);
            }
        }
    }
}
