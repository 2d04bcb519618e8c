package dsms.node.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.cli.DsmsCommand;
import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.process.FaultInjector;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsms bench}: load against a running cluster, with latency percentiles from HdrHistogram.
 * The load comes from {@link BenchRun}'s own HTTP/1.1 client (persistent connections, prebuilt
 * requests, one event-loop thread by default), which drives tens of thousands of requests per
 * second on a fraction of a core, so the figures measure the cluster rather than the client.
 */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "bench", description = "Measure throughput and latency of a running cluster over HTTP or the stream protocol.",
        subcommands = RecoveryBench.class)
public final class BenchCommand implements Callable<Integer> {
    static final int CLIENTS_MAX = 30_000;
    static final int INTERVAL_MS_MIN = 100;
    static final int INTERVAL_MS_MAX = 60_000;

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config = Path.of("dsms-data", "cluster.conf");

    @Option(names = "--url", paramLabel = "URL", description = "the front end's URL, http://HOST:PORT (the keys still come from --config)")
    String url;

    @Option(names = "--clients", paramLabel = "N", description = "concurrent clients, one buyer and one connection each (default: ${DEFAULT-VALUE})")
    int clients = 16;

    @Option(names = "--rate", paramLabel = "R", description = "fixed rate in operations per second instead of a closed loop; "
            + "latency counts from each request's intended send time")
    double rate;

    @Option(names = "--batch", paramLabel = "N", description = "operations per request: over HTTP 1 uses the single-operation "
            + "endpoint, 2.." + BenchWorkload.SLOTS_MAX + " the batch endpoint; over the stream N per batch frame "
            + "(default: ${DEFAULT-VALUE})")
    int batch = 1;

    @Option(names = "--encoding", paramLabel = "json|binary", description = "how a batch is written over HTTP: JSON, or the "
            + "binary batch format (application/vnd.dsms.batch); needs --batch 2 or more (default: json)")
    String encodingName;

    @Option(names = "--transport", paramLabel = "http|stream", description = "http, or the stream protocol: binary batches "
            + "over TCP served by the front end's event loop, the fastest path it offers (its port is frontEnd.streamPort "
            + "in the config; any --batch) (default: ${DEFAULT-VALUE})")
    String transport = "http";

    @Option(names = "--threads", paramLabel = "N", description = "event-loop threads of the load generator (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int durationSeconds = 10;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "unmeasured seconds first (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 3;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "a request without an answer after this is an error (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 30;

    @Option(names = "--mix", paramLabel = "trade|read|swap", description = "operation mix (default: ${DEFAULT-VALUE})")
    String mix = "trade";

    @Option(names = "--json", description = "print one JSON object with throughput, requestsPerSecond, p50Ms, p99Ms, p999Ms, "
            + "errors, businessErrors, measureStart (when the measured part began, UTC) and more")
    boolean json;

    @Option(names = "--timeline", description = "print each interval's operations/s, errors and latency to stderr while the "
            + "run goes on, and add them to --json as timeline")
    boolean timeline;

    @Option(names = "--interval-ms", paramLabel = "MS", description = "the timeline's interval, " + INTERVAL_MS_MIN + ".."
            + INTERVAL_MS_MAX + " (default: ${DEFAULT-VALUE})")
    int intervalMs = 1000;

    @Option(names = "--crash", paramLabel = "REPLICA", description = "kill -9 this replica during the measured part, as "
            + "dsms fault crash does, and report when it was back and what the crash cost the clients (implies --timeline)")
    String crashReplica;

    @Option(names = "--crash-at", paramLabel = "SECONDS", description = "when to kill it, in seconds after the start of the "
            + "measured part (default: a third of --duration)")
    Double crashAtSeconds;

    /** The buyer a client acts as, spread over the three markets. */
    static String buyer(int client) {
        String market = List.of("NYK", "LON", "TOK").get(client % 3);
        return String.format("%sB%04d", market, client / 3);
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > CLIENTS_MAX || durationSeconds < 1 || warmupSeconds < 0 || !(rate >= 0)
                || batch < 1 || batch > BenchWorkload.SLOTS_MAX || threads < 1 || threads > BenchRun.THREADS_MAX
                || timeoutSeconds < 1) {
            System.err.println("dsms: --clients must be 1.." + CLIENTS_MAX + ", --batch 1.." + BenchWorkload.SLOTS_MAX
                    + ", --threads 1.." + BenchRun.THREADS_MAX + ", --duration and --timeout at least 1, "
                    + "--warmup and --rate not negative");
            return 2;
        }
        if (intervalMs < INTERVAL_MS_MIN || intervalMs > INTERVAL_MS_MAX
                || (long) durationSeconds * 1000 / intervalMs > Timeline.INTERVALS_MAX) {
            System.err.println("dsms: --interval-ms must be " + INTERVAL_MS_MIN + ".." + INTERVAL_MS_MAX + " and give at most "
                    + Timeline.INTERVALS_MAX + " intervals over --duration");
            return 2;
        }
        if (crashAtSeconds != null && crashReplica == null) {
            System.err.println("dsms: --crash-at needs --crash REPLICA");
            return 2;
        }
        double crashAt = crashAtSeconds != null ? crashAtSeconds : durationSeconds / 3.0;
        if (crashReplica != null && !(crashAt >= 0 && crashAt < durationSeconds)) {
            System.err.println("dsms: --crash-at must be at least 0 and less than --duration (" + durationSeconds + ")");
            return 2;
        }
        String encodingProblem = encodingProblem();
        if (encodingProblem != null) {
            System.err.println("dsms: " + encodingProblem);
            return 2;
        }
        BenchEncoding encoding = encoding();
        if (encoding == BenchEncoding.BINARY && batch == 1) {
            System.err.println("dsms: --encoding binary needs --batch 2 or more: one operation per request uses the "
                    + "single-operation endpoint, which speaks JSON");
            return 2;
        }
        BenchWorkload workload;
        ClusterConfig cluster;
        BenchRequests.Endpoint endpoint;
        try {
            workload = BenchWorkload.parse(mix);
        } catch (IllegalArgumentException e) {
            System.err.println("dsms: --mix must be trade, read or swap");
            return 2;
        }
        try {
            cluster = ConfigLoader.load(config);
            endpoint = BenchRequests.Endpoint.parse(url != null ? url
                    : "http://" + cluster.frontEnd().host() + ":" + cluster.frontEnd().httpPort());
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("dsms: " + e.getMessage());
            return 2;
        }
        InetSocketAddress address = endpoint.address();
        if (encoding == BenchEncoding.STREAM) {
            if (cluster.frontEnd().streamPort() == null) {
                System.err.println("dsms: the config " + config + " gives the front end no frontEnd.streamPort (a cluster "
                        + "created before the stream protocol): add one and restart the front end, or use --transport http");
                return 2;
            }
            address = new InetSocketAddress(endpoint.host(), cluster.frontEnd().streamPort());
        }
        if (address.isUnresolved()) {
            System.err.println("dsms: cannot resolve the front end's host '" + endpoint.host() + "'");
            return 3;
        }
        ApiKeys keys = new ApiKeys(cluster.secret());
        BenchRun.CrashPlan crash = null;
        if (crashReplica != null) {
            FaultInjector injector;
            try {
                injector = FaultInjector.of(cluster, config);
                // The replica must be running here now, or the crash could not happen during the run.
                injector.runningProcess(crashReplica);
            } catch (FaultInjector.RefusedException e) {
                System.err.println("dsms: " + e.getMessage());
                return 2;
            } catch (FaultInjector.NotRunningException | IOException e) {
                System.err.println("dsms: " + e.getMessage());
                return 3;
            }
            // The probe reads as the first client's buyer: a read changes nothing the workload depends on.
            RecoveryWatcher.Probe probe = RecoveryWatcher.readOverHttp(
                    URI.create(endpoint.url() + BenchRequests.OPERATIONS_PATH + "getShares"), "Bearer " + keys.issue(buyer(0)));
            crash = new BenchRun.CrashPlan(new CrashEvent(injector::crash, crashReplica,
                    RecoveryWatcher.overHttp(URI.create(endpoint.url() + "/api/v1/status")), probe, new EventWindow(),
                    System.err::println), Duration.ofNanos(Math.round(crashAt * 1e9)));
        }
        boolean withTimeline = timeline || crash != null;
        try {
            new BenchSetup(endpoint, keys, batch).prepare(clients, workload);
        } catch (BenchSetup.SetupException e) {
            System.err.println("dsms: " + e.getMessage());
            return 3;
        }
        System.err.println((warmupSeconds > 0 ? "warming up for " + warmupSeconds + " s, then " : "")
                + "measuring for " + durationSeconds + " s"
                + (crash != null ? String.format(Locale.ROOT, ", killing replica %s at %.1f s",
                        FaultInjector.name(crashReplica), crashAt) : "") + "...");
        BenchRun.Figures figures = new BenchRun(new BenchRun.Settings(endpoint, address, keys, clients, threads, batch, encoding, rate,
                Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds), Duration.ofSeconds(timeoutSeconds),
                workload, withTimeline ? Duration.ofMillis(intervalMs) : null, crash, System.err::println)).run();
        print(figures);
        if (figures.errors() > 0 && figures.firstFailure() != null) {
            System.err.println("dsms: " + figures.errors() + " operations failed; the first failure: " + figures.firstFailure());
        }
        if (figures.connectionsGaveUp() > 0) {
            System.err.println("dsms: " + figures.connectionsGaveUp() + " connections gave up after "
                    + BenchLoop.ATTEMPTS_IN_A_ROW_MAX + " failures in a row");
        }
        if (figures.crash() != null && !figures.crash().killed()) {
            System.err.println("dsms: the crash of replica " + figures.crash().replica() + " was not injected: "
                    + figures.crash().failure());
            return 3;
        }
        // Nothing answered at all: the cluster is unavailable, which scripts should see in the exit status.
        return figures.operations() == 0 && figures.errors() > 0 ? 3 : 0;
    }

    /** What is wrong with --transport and --encoding together, or null. */
    private String encodingProblem() {
        String name = encodingName == null ? "json" : encodingName.toLowerCase(Locale.ROOT);
        if (!name.equals("json") && !name.equals("binary")) {
            return "--encoding must be json or binary";
        }
        String way = transport.toLowerCase(Locale.ROOT);
        if (!way.equals("http") && !way.equals("stream")) {
            return "--transport must be http or stream";
        }
        if (way.equals("stream") && name.equals("json")) {
            return encodingName == null ? null : "the stream protocol carries binary batches only; leave --encoding out "
                    + "with --transport stream";
        }
        return null;
    }

    /** The encoding that --transport and --encoding choose, already checked by {@link #encodingProblem()}. */
    private BenchEncoding encoding() {
        if (transport.equalsIgnoreCase("stream")) {
            return BenchEncoding.STREAM;
        }
        return encodingName == null ? BenchEncoding.JSON : BenchEncoding.parse(encodingName);
    }

    private void print(BenchRun.Figures figures) {
        Histogram latency = figures.latency();
        double p50 = latency.getValueAtPercentile(50) / 1e6;
        double p90 = latency.getValueAtPercentile(90) / 1e6;
        double p99 = latency.getValueAtPercentile(99) / 1e6;
        double p999 = latency.getValueAtPercentile(99.9) / 1e6;
        double max = latency.getMaxValue() / 1e6;
        if (json) {
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("mix", mix.toLowerCase(Locale.ROOT)).put("clients", clients).put("connections", clients)
                    .put("threads", Math.min(threads, clients)).put("batch", batch)
                    .put("transport", encoding() == BenchEncoding.STREAM ? "stream" : "http")
                    .put("encoding", encoding() == BenchEncoding.JSON ? "json" : "binary").put("rate", rate)
                    .put("seconds", figures.seconds()).put("operations", figures.operations())
                    .put("requests", figures.requests()).put("throughput", Math.round(figures.throughput()))
                    .put("requestsPerSecond", Math.round(figures.requestsPerSecond()))
                    .put("p50Ms", p50).put("p90Ms", p90).put("p99Ms", p99).put("p999Ms", p999).put("maxMs", max)
                    .put("errors", figures.errors()).put("businessErrors", figures.businessErrors())
                    .put("reconnects", figures.reconnects()).put("measureStart", figures.measureStart().toString());
            if (!Double.isNaN(figures.clientCpuCores())) {
                out.put("clientCpuCores", Math.round(figures.clientCpuCores() * 100) / 100.0);
            }
            // The load generator's own collection pauses count as latency, so a run records what it ran with.
            ArrayNode collectors = out.putArray("clientCollectors");
            ManagementFactory.getGarbageCollectorMXBeans().forEach(collector -> collectors.add(collector.getName()));
            out.put("clientHeapMaxBytes", Runtime.getRuntime().maxMemory());
            if (timeline || figures.crash() != null) {
                out.put("intervalMs", intervalMs);
                Timeline.writeJson(figures.timeline(), out.putArray("timeline"));
            }
            if (figures.crash() != null) {
                figures.crash().writeJson(out.putObject("crash"));
            }
            System.out.println(out);
        } else {
            System.out.printf(Locale.ROOT, "%s, %d clients%s%s%s: %.0f ops/s (%.0f requests/s) over %.1f s, errors %d, "
                    + "business errors %d%n", mix, clients,
                    batch > 1 ? ", batches of " + batch + (encoding() == BenchEncoding.BINARY ? " (binary)" : "") : "",
                    encoding() == BenchEncoding.STREAM ? " over the stream protocol" : "",
                    rate > 0 ? String.format(Locale.ROOT, ", fixed rate %.0f ops/s", rate) : ", closed loop",
                    figures.throughput(), figures.requestsPerSecond(), figures.seconds(), figures.errors(),
                    figures.businessErrors());
            System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    p50, p90, p99, p999, max);
            if (!Double.isNaN(figures.clientCpuCores())) {
                System.out.printf(Locale.ROOT, "load generator CPU: %.2f cores%n", figures.clientCpuCores());
            }
            if (figures.crash() != null) {
                figures.crash().lines().forEach(System.out::println);
            }
        }
    }
}
