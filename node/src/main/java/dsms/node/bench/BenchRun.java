package dsms.node.bench;

import dsms.node.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One load run against a front end over HTTP: closed loop (each client sends its next request
 * when the previous one is answered) or fixed rate (requests leave at their intended times and
 * latency counts from the intended time, so a stall shows up in the percentiles instead of
 * silently lowering the rate: no coordinated omission).
 */
final class BenchRun {
    /** Fixed-rate requests in flight at once; beyond it a request is counted as an error. */
    static final int IN_FLIGHT_MAX = 4_096;
    static final long LATENCY_NS_MAX = TimeUnit.SECONDS.toNanos(60);

    record Settings(String baseUrl, ApiKeys keys, int clients, double ratePerSecond, Duration duration,
            BenchWorkload workload) {}

    record Figures(long operations, long errors, double seconds, Histogram latency) {
        double throughput() {
            return operations / seconds;
        }
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Recorder latency = new Recorder(LATENCY_NS_MAX, 3);
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final String[] authorizations;

    BenchRun(Settings settings) {
        this.settings = settings;
        // Keys are derived once: an HMAC per request would load the client, not the system.
        this.authorizations = new String[settings.clients()];
        for (int client = 0; client < authorizations.length; client++) {
            authorizations[client] = "Bearer " + settings.keys().issue(BenchCommand.buyer(client));
        }
    }

    Figures run() throws InterruptedException {
        long startNs = System.nanoTime();
        long endNs = startNs + settings.duration().toNanos();
        if (settings.ratePerSecond() > 0) {
            fixedRate(startNs, endNs);
        } else {
            closedLoop(endNs);
        }
        double seconds = (System.nanoTime() - startNs) / 1e9;
        return new Figures(operations.get(), errors.get(), seconds, latency.getIntervalHistogram());
    }

    private void closedLoop(long endNs) throws InterruptedException {
        Thread[] clients = new Thread[settings.clients()];
        for (int client = 0; client < clients.length; client++) {
            int index = client;
            clients[client] = new Thread(() -> {
                // Each operation flips what the buyer holds; a failure means it already held the
                // other way round (left by an earlier run), so flipping after either outcome keeps
                // the client in step with its holdings.
                boolean holds = false;
                while (System.nanoTime() < endNs) {
                    long sentNs = System.nanoTime();
                    record(sentNs, send(index, settings.workload().operation(holds)).join());
                    holds = !holds;
                }
            }, "bench-client-" + client);
            clients[client].start();
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    private void fixedRate(long startNs, long endNs) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
        long intervalNs = (long) (1e9 / settings.ratePerSecond());
        for (long request = 0; ; request++) {
            long intendedNs = startNs + request * intervalNs;
            if (intendedNs >= endNs) {
                break;
            }
            long waitNs = intendedNs - System.nanoTime();
            if (waitNs > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNs);
            }
            if (!inFlight.tryAcquire()) {
                errors.incrementAndGet();
                continue;
            }
            int client = (int) (request % settings.clients());
            // Reads and single-unit trades only: in fixed-rate mode a client may have several requests in flight.
            BenchWorkload.Operation operation = settings.workload() == BenchWorkload.READ
                    ? BenchWorkload.READ.operation(false)
                    : settings.workload().operation((request / settings.clients()) % 2 == 1);
            send(client, operation).whenComplete((ok, failure) -> {
                record(intendedNs, ok != null && ok);
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT_MAX);
    }

    private void record(long fromNs, boolean ok) {
        if (ok) {
            operations.incrementAndGet();
            latency.recordValue(Math.min(LATENCY_NS_MAX, System.nanoTime() - fromNs));
        } else {
            errors.incrementAndGet();
        }
    }

    CompletableFuture<Boolean> send(int client, BenchWorkload.Operation operation) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/operations/" + operation.name()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorizations[client])
                .POST(HttpRequest.BodyPublishers.ofString(operation.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200 && response.body().startsWith("{\"ok\":true"))
                .exceptionally(failure -> false);
    }
}
