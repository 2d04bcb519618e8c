package dsms.node.bench;

import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load run against a front end over HTTP/1.1, closed loop or fixed rate, warm-up included:
 * the connections stay open from the warm-up into the measured part, and only requests meant to
 * leave after the warm-up are measured. The connections are spread over a few {@link BenchLoop}
 * threads, one by default, so the benchmark leaves the machine's cores to the cluster.
 */
final class BenchRun {
    /** Enough threads to drive a cluster on another, larger machine; each handles thousands of connections. */
    static final int THREADS_MAX = 64;

    /**
     * What to run. {@code operationsPerSecond} is 0 for a closed loop; with a batch, requests leave
     * {@code batch} times less often than operations.
     */
    record Settings(BenchRequests.Endpoint endpoint, InetSocketAddress address, ApiKeys keys, int clients, int threads,
            int batch, double operationsPerSecond, Duration warmup, Duration duration, Duration timeout,
            BenchWorkload workload) {}

    /**
     * The measured part. {@code operations} were answered by the market (business errors
     * included); {@code errors} are operations that failed (no answer, refused by the front end,
     * or never sent by a connection that gave up); a latency is recorded per answered operation.
     */
    record Figures(long operations, long requests, long errors, long businessErrors, long reconnects,
            int connectionsGaveUp, double seconds, Histogram latency, double clientCpuCores, String firstFailure) {
        double throughput() {
            return operations / seconds;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final Settings settings;

    BenchRun(Settings settings) {
        this.settings = settings;
    }

    Figures run() throws IOException, InterruptedException {
        int threads = Math.min(settings.threads(), settings.clients());
        long startNs = System.nanoTime();
        long measureStartNs = startNs + settings.warmup().toNanos();
        long endNs = measureStartNs + settings.duration().toNanos();
        BenchLoop.Timing timing = new BenchLoop.Timing(measureStartNs, endNs, settings.timeout().toNanos());
        List<List<BenchConnection>> shares = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            shares.add(new ArrayList<>());
        }
        ByteBuffer[] bodies = BenchRequests.bodies(settings.workload(), settings.batch());
        for (int client = 0; client < settings.clients(); client++) {
            // Keys are derived once: an HMAC per request would load the client, not the system.
            String authorization = "Bearer " + settings.keys().issue(BenchCommand.buyer(client));
            ByteBuffer[][] requests = BenchRequests.forClient(settings.endpoint(), settings.workload(), settings.batch(),
                    bodies, authorization);
            SendSchedule schedule = settings.operationsPerSecond() > 0
                    ? SendSchedule.fixedRate(startNs, settings.operationsPerSecond() / settings.batch(), settings.clients(), client)
                    : SendSchedule.closedLoop();
            shares.get(client % threads).add(new BenchConnection(requests, schedule));
        }
        List<BenchLoop> loops = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            BenchLoop loop = new BenchLoop(settings.address(), shares.get(thread), settings.batch(), timing);
            loops.add(loop);
            Thread runner = new Thread(loop, "bench-loop-" + thread);
            runner.setDaemon(true);
            running.add(runner);
            runner.start();
        }
        sleepUntil(measureStartNs);
        long cpuStartNs = processCpuNs();
        sleepUntil(endNs);
        long cpuEndNs = processCpuNs();
        for (Thread runner : running) {
            runner.join();
        }
        return figures(loops, (endNs - measureStartNs) / 1e9,
                cpuStartNs < 0 || cpuEndNs < 0 ? Double.NaN : (cpuEndNs - cpuStartNs) / (double) (endNs - measureStartNs));
    }

    private static Figures figures(List<BenchLoop> loops, double seconds, double clientCpuCores) {
        Histogram latency = new Histogram(BenchLoop.LATENCY_NS_MAX, 3);
        long operations = 0;
        long requests = 0;
        long errors = 0;
        long businessErrors = 0;
        long reconnects = 0;
        int gaveUp = 0;
        String firstFailure = null;
        for (BenchLoop loop : loops) {
            latency.add(loop.latency);
            operations += loop.operations;
            requests += loop.requests;
            errors += loop.errors;
            businessErrors += loop.businessErrors;
            reconnects += loop.reconnects;
            gaveUp += loop.connectionsGaveUp;
            if (firstFailure == null) {
                firstFailure = loop.firstFailure;
            }
        }
        return new Figures(operations, requests, errors, businessErrors, reconnects, gaveUp, seconds, latency,
                clientCpuCores, firstFailure);
    }

    private static void sleepUntil(long deadlineNs) throws InterruptedException {
        long waitNs;
        while ((waitNs = deadlineNs - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNs);
        }
    }

    /** CPU time of this whole process (loops, garbage collector, compiler), or -1 where the JVM cannot tell. */
    private static long processCpuNs() {
        OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        if (system instanceof com.sun.management.OperatingSystemMXBean sunSystem) {
            return sunSystem.getProcessCpuTime();
        }
        return -1;
    }
}
