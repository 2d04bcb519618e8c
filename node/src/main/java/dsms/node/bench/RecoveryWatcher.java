package dsms.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Watches a killed replica come back, from the front end's {@code GET /api/v1/status}, polled
 * every {@link #POLL_INTERVAL_NS} on its own thread while the load runs.
 *
 * <p>"Back" means the front end shows the replica UP and caught up: within {@link
 * #CAUGHT_UP_LAG_MAX} sequence numbers of the most advanced replica, and past every sequence
 * number any replica had answered when the first status after the kill was taken. That last
 * condition matters: right after a kill the front end still shows the dead replica UP and level
 * with the others (it learns of a crash only from missing results), so UP alone would declare the
 * replica back before it ever went away. Only a new process that answered a request ordered after
 * the kill can pass it. It also means a replica can only be seen back while requests flow: when
 * the load is over first, the watcher sends a {@link Probe} (one read) with each poll so the
 * sequence keeps moving while it waits.
 */
final class RecoveryWatcher implements Runnable {
    static final long POLL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How far behind the most advanced replica a replica may be and still count as caught up. */
    static final long CAUGHT_UP_LAG_MAX = 100;
    /** A status request that takes longer than this is abandoned; the next poll tries again. */
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the cluster's status comes from: the front end over HTTP, or a script in tests. */
    interface StatusSource {
        JsonNode fetch() throws IOException, InterruptedException;
    }

    /** A request that goes through the sequencer, sent without waiting for its answer. */
    interface Probe {
        void send();
    }

    /** What one status says about the replica. */
    record Sighting(String status, long lastSequence, long highestSequence) {
        boolean up() {
            return "UP".equals(status);
        }

        /** Up, past {@code baselineSequence}, and at most {@link #CAUGHT_UP_LAG_MAX} behind the most advanced replica. */
        boolean back(long baselineSequence) {
            return up() && lastSequence > baselineSequence && highestSequence - lastSequence <= CAUGHT_UP_LAG_MAX;
        }
    }

    private final StatusSource source;
    private final String replica;
    private final EventWindow window;
    private final Consumer<String> progress;
    private final long measureStartNs;
    private volatile boolean stopped;
    /** Null while the load runs; the probe to send with each poll once it is over. */
    private volatile Probe probe;
    // Written by the watcher's thread, read by the run once that thread has ended.
    private long seenDownNs;
    private long backNs;
    private long baselineSequence = -1;
    private String lastFailure;

    RecoveryWatcher(StatusSource source, String replica, EventWindow window, long measureStartNs, Consumer<String> progress) {
        this.source = source;
        this.replica = replica;
        this.window = window;
        this.measureStartNs = measureStartNs;
        this.progress = progress;
    }

    /** A source that asks the front end at {@code statusUri}. */
    static StatusSource overHttp(URI statusUri) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(STATUS_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(statusUri).timeout(STATUS_TIMEOUT).GET().build();
        return () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("the front end answered the status request with HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        };
    }

    /**
     * A probe that reads the holdings of the user whose {@code authorization} it carries, at
     * {@code operationUri}. At most one is in flight: while the last one is unanswered, {@link
     * Probe#send()} sends nothing, so a slow cluster does not pile them up.
     */
    static Probe readOverHttp(URI operationUri, String authorization) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(STATUS_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(operationUri).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>(CompletableFuture.completedFuture(null));
        return () -> {
            if (inFlight.get().isDone()) {
                inFlight.set(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
            }
        };
    }

    /** What {@code status} (the front end's status JSON) says about {@code replica}. */
    static Sighting sight(JsonNode status, String replica) {
        JsonNode found = null;
        long highest = 0;
        for (JsonNode entry : status.path("replicas")) {
            highest = Math.max(highest, entry.path("lastSeq").asLong());
            if (entry.path("id").asText().equalsIgnoreCase(replica)) {
                found = entry;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("the front end's status has no replica " + replica.toUpperCase(Locale.ROOT));
        }
        return new Sighting(found.path("status").asText(), found.path("lastSeq").asLong(), highest);
    }

    @Override
    public void run() {
        while (!stopped && backNs == 0) {
            long pollStartNs = System.nanoTime();
            Probe sending = probe;
            if (sending != null) {
                sending.send();
            }
            try {
                observe(source.fetch(), System.nanoTime());
            } catch (InterruptedException e) {
                // Interrupted by stop(): the run is over.
                return;
            } catch (IOException | IllegalArgumentException e) {
                // The front end may be busy or briefly unreachable; the next poll tries again until the run ends.
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            long waitNs = pollStartNs + POLL_INTERVAL_NS - System.nanoTime();
            if (waitNs > 0 && backNs == 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(waitNs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Takes in one status seen at {@code nowNs}. */
    void observe(JsonNode status, long nowNs) {
        Sighting sighting = sight(status, replica);
        if (baselineSequence < 0) {
            // The first status after the kill: nothing the replica answered so far proves it is back.
            baselineSequence = sighting.highestSequence();
        }
        if (!sighting.up() && seenDownNs == 0) {
            seenDownNs = nowNs;
            progress.accept(String.format(Locale.ROOT, "%7.1f s  replica %s is %s at the front end", elapsedSeconds(nowNs),
                    replica, sighting.status()));
        }
        if (sighting.back(baselineSequence)) {
            backNs = nowNs;
            window.end(nowNs);
            progress.accept(String.format(Locale.ROOT, "%7.1f s  replica %s is back, up and caught up (%d ms after the kill)",
                    elapsedSeconds(nowNs), replica, TimeUnit.NANOSECONDS.toMillis(nowNs - window.startNs())));
        }
    }

    /** The load is over: from now on each poll sends {@code probe} first, so the sequence keeps moving. */
    void keepRequestsFlowing(Probe probe) {
        this.probe = probe;
    }

    void stop() {
        stopped = true;
    }

    /** When the front end first showed the replica not UP after the kill; 0 if it never did. */
    long seenDownNs() {
        return seenDownNs;
    }

    /** When the replica was seen back; 0 if it was not back before the run ended. */
    long backNs() {
        return backNs;
    }

    /** Why the last status request failed, if it did; for a user whose replica never showed as back. */
    String lastFailure() {
        return lastFailure;
    }

    private double elapsedSeconds(long nowNs) {
        return (nowNs - measureStartNs) / 1e9;
    }
}
