package dsms.node.bench;

import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * One load run against a front end over HTTP/1.1, closed loop or fixed rate, warm-up included:
 * the connections stay open from the warm-up into the measured part, and only requests meant to
 * leave after the warm-up are measured. The connections are spread over a few {@link BenchLoop}
 * threads, one by default, so the benchmark leaves the machine's cores to the cluster.
 *
 * <p>While the loops work, this thread wakes for the timeline's intervals (when asked for) and
 * for a planned crash, and sleeps otherwise.
 */
final class BenchRun {
    /** Enough threads to drive a cluster on another, larger machine; each handles thousands of connections. */
    static final int THREADS_MAX = 64;

    /**
     * What to run. {@code operationsPerSecond} is 0 for a closed loop; with a batch, requests leave
     * {@code batch} times less often than operations. {@code interval} is the timeline's, or null
     * for no timeline; {@code crash} is a crash to inject during the measured part, or null;
     * {@code progress} takes the lines a user watches while the run goes on.
     */
    record Settings(BenchRequests.Endpoint endpoint, InetSocketAddress address, ApiKeys keys, int clients, int threads,
            int batch, BenchEncoding encoding, double operationsPerSecond, Duration warmup, Duration duration,
            Duration timeout, BenchWorkload workload, Duration interval, CrashPlan crash, Consumer<String> progress) {
        /** A run in JSON without timeline or crash. */
        Settings(BenchRequests.Endpoint endpoint, InetSocketAddress address, ApiKeys keys, int clients, int threads,
                int batch, double operationsPerSecond, Duration warmup, Duration duration, Duration timeout,
                BenchWorkload workload) {
            this(endpoint, address, keys, clients, threads, batch, BenchEncoding.JSON, operationsPerSecond, warmup, duration,
                    timeout, workload, null, null, line -> { });
        }
    }

    /** A crash to inject {@code at} after the start of the measured part. */
    record CrashPlan(CrashEvent event, Duration at) {}

    /**
     * The measured part. {@code operations} were answered by the market (business errors
     * included); {@code errors} are operations that failed (no answer, refused by the front end,
     * or never sent by a connection that gave up); a latency is recorded per answered operation.
     * {@code measureStart} is the wall-clock time the measured part began, to line a run up with
     * the cluster's logs, collection logs and disk counters.
     */
    record Figures(long operations, long requests, long errors, long businessErrors, long reconnects,
            int connectionsGaveUp, double seconds, Histogram latency, double clientCpuCores, String firstFailure,
            List<Timeline.Interval> timeline, CrashEvent.Report crash, Instant measureStart) {
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
        ByteBuffer[] bodies = BenchRequests.bodies(settings.workload(), settings.batch(), settings.encoding());
        for (int client = 0; client < settings.clients(); client++) {
            // Keys are derived once: an HMAC per request would load the client, not the system.
            String key = settings.keys().issue(BenchCommand.buyer(client));
            boolean stream = settings.encoding() == BenchEncoding.STREAM;
            ByteBuffer[][] requests = stream ? BenchRequests.forStreamClient(bodies)
                    : BenchRequests.forClient(settings.endpoint(), settings.workload(), settings.batch(), settings.encoding(),
                            bodies, "Bearer " + key);
            SendSchedule schedule = settings.operationsPerSecond() > 0
                    ? SendSchedule.fixedRate(startNs, settings.operationsPerSecond() / settings.batch(), settings.clients(), client)
                    : SendSchedule.closedLoop();
            shares.get(client % threads).add(new BenchConnection(requests, schedule, settings.encoding().newReader(),
                    stream ? BenchRequests.streamHello(key) : null));
        }
        CrashPlan crash = settings.crash();
        EventWindow window = crash == null ? null : crash.event().window();
        List<BenchLoop> loops = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            BenchLoop loop = new BenchLoop(settings.address(), shares.get(thread), settings.batch(), settings.encoding(),
                    timing, settings.interval() != null, window);
            loops.add(loop);
            Thread runner = new Thread(loop, "bench-loop-" + thread);
            runner.setDaemon(true);
            running.add(runner);
            runner.start();
        }
        sleepUntil(measureStartNs);
        // The wall clock is read after the sleep, less how late the sleep ended: the monotonic start is the exact one.
        Instant measureStart = Instant.now().minusNanos(Math.max(0, System.nanoTime() - measureStartNs));
        long cpuStartNs = processCpuNs();
        Sampler sampler = settings.interval() == null ? null : new Sampler(loops, new Timeline(measureStartNs));
        long intervalNs = settings.interval() == null ? 0 : settings.interval().toNanos();
        long nextSampleNs = sampler == null || measureStartNs + intervalNs >= endNs ? Long.MAX_VALUE : measureStartNs + intervalNs;
        long crashAtNs = crash == null ? Long.MAX_VALUE : measureStartNs + crash.at().toNanos();
        // Each pass waits for the next of: the crash, the end of an interval, the end of the run.
        while (true) {
            long nextNs = Math.min(endNs, Math.min(nextSampleNs, crashAtNs));
            sleepUntil(nextNs);
            if (crashAtNs <= nextNs) {
                crash.event().inject(measureStartNs);
                crashAtNs = Long.MAX_VALUE;
            }
            if (nextSampleNs <= nextNs) {
                settings.progress().accept(sampler.sample(System.nanoTime()).line());
                nextSampleNs = nextSampleNs + intervalNs >= endNs ? Long.MAX_VALUE : nextSampleNs + intervalNs;
            }
            if (nextNs >= endNs) {
                break;
            }
        }
        long cpuEndNs = processCpuNs();
        for (Thread runner : running) {
            runner.join();
        }
        // The last interval runs until the last answer is in, so the requests still in flight at the end count in it.
        long doneNs = System.nanoTime();
        if (sampler != null) {
            settings.progress().accept(sampler.sample(doneNs).line());
        }
        if (crash != null) {
            crash.event().finish(settings.timeout());
        }
        return figures(loops, (endNs - measureStartNs) / 1e9,
                cpuStartNs < 0 || cpuEndNs < 0 ? Double.NaN : (cpuEndNs - cpuStartNs) / (double) (endNs - measureStartNs),
                sampler == null ? List.of() : sampler.timeline.intervals(), crash == null ? null : crash.event(), doneNs,
                measureStart);
    }

    /** Takes the loops' interval histograms and counts at the end of each interval. */
    private static final class Sampler {
        private final List<BenchLoop> loops;
        private final Timeline timeline;
        /** Each loop's last interval histogram, handed back to its recorder to be reused. */
        private final Histogram[] recycled;
        private final Histogram interval = new Histogram(BenchLoop.LATENCY_NS_MAX, 3);

        Sampler(List<BenchLoop> loops, Timeline timeline) {
            this.loops = loops;
            this.timeline = timeline;
            this.recycled = new Histogram[loops.size()];
        }

        Timeline.Interval sample(long nowNs) {
            interval.reset();
            long operations = 0;
            long errors = 0;
            for (int index = 0; index < loops.size(); index++) {
                BenchLoop loop = loops.get(index);
                recycled[index] = loop.intervalLatency.getIntervalHistogram(recycled[index]);
                interval.add(recycled[index]);
                operations += loop.operations;
                errors += loop.errors;
            }
            return timeline.close(nowNs, operations, errors, interval);
        }
    }

    private static Figures figures(List<BenchLoop> loops, double seconds, double clientCpuCores,
            List<Timeline.Interval> timeline, CrashEvent crash, long doneNs, Instant measureStart) {
        Histogram latency = new Histogram(BenchLoop.LATENCY_NS_MAX, 3);
        long operations = 0;
        long requests = 0;
        long errors = 0;
        long businessErrors = 0;
        long reconnects = 0;
        int gaveUp = 0;
        String firstFailure = null;
        Histogram eventLatency = new Histogram(BenchLoop.LATENCY_NS_MAX, 3);
        long eventOperations = 0;
        long eventErrors = 0;
        for (BenchLoop loop : loops) {
            if (loop.eventLatency != null) {
                eventLatency.add(loop.eventLatency);
            }
            eventOperations += loop.eventOperations;
            eventErrors += loop.eventErrors;
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
                clientCpuCores, firstFailure, timeline,
                crash == null ? null : crash.report(doneNs, eventOperations, eventErrors, eventLatency), measureStart);
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
