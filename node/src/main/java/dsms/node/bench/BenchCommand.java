package dsms.node.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.security.ApiKeys;
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
 */
@Command(name = "bench", description = "Measure throughput and latency of a running cluster over HTTP.",
        subcommands = RecoveryBench.class)
public final class BenchCommand implements Callable<Integer> {
    static final int CLIENTS_MAX = 30_000;

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config = Path.of("dsms-data", "cluster.conf");

    @Option(names = "--url", paramLabel = "URL", description = "the front end's URL (the keys still come from --config)")
    String url;

    @Option(names = "--clients", paramLabel = "N", description = "concurrent clients, one buyer each (default: ${DEFAULT-VALUE})")
    int clients = 16;

    @Option(names = "--rate", paramLabel = "R", description = "fixed rate in requests per second instead of a closed loop")
    double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int durationSeconds = 10;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "unmeasured seconds first (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 3;

    @Option(names = "--mix", paramLabel = "trade|read|swap", description = "operation mix (default: ${DEFAULT-VALUE})")
    String mix = "trade";

    @Option(names = "--json", description = "print one JSON object with throughput, p50Ms, p99Ms, p999Ms, errors")
    boolean json;

    /** The buyer a client acts as, spread over the three markets. */
    static String buyer(int client) {
        String market = List.of("NYK", "LON", "TOK").get(client % 3);
        return String.format("%sB%04d", market, client / 3);
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > CLIENTS_MAX || durationSeconds < 1 || rate < 0) {
            System.err.println("dsms: --clients must be 1.." + CLIENTS_MAX + ", --duration at least 1, --rate not negative");
            return 2;
        }
        BenchWorkload workload;
        ClusterConfig cluster;
        try {
            workload = BenchWorkload.parse(mix);
            cluster = ConfigLoader.load(config);
        } catch (IllegalArgumentException e) {
            System.err.println("dsms: --mix must be trade, read or swap");
            return 2;
        } catch (ConfigException e) {
            System.err.println("dsms: " + e.getMessage());
            return 2;
        }
        String baseUrl = url != null ? url.replaceAll("/$", "")
                : "http://" + cluster.frontEnd().host() + ":" + cluster.frontEnd().httpPort();
        ApiKeys keys = new ApiKeys(cluster.secret());
        if (!BenchSetup.prepare(baseUrl, keys, clients, workload)) {
            return 3;
        }
        if (warmupSeconds > 0) {
            System.err.println("warming up for " + warmupSeconds + " s...");
            new BenchRun(new BenchRun.Settings(baseUrl, keys, clients, rate, Duration.ofSeconds(warmupSeconds), workload)).run();
        }
        System.err.println("measuring for " + durationSeconds + " s...");
        BenchRun.Figures figures = new BenchRun(new BenchRun.Settings(baseUrl, keys, clients, rate,
                Duration.ofSeconds(durationSeconds), workload)).run();
        print(figures);
        return 0;
    }

    private void print(BenchRun.Figures figures) {
        Histogram latency = figures.latency();
        double p50 = latency.getValueAtPercentile(50) / 1e6;
        double p99 = latency.getValueAtPercentile(99) / 1e6;
        double p999 = latency.getValueAtPercentile(99.9) / 1e6;
        if (json) {
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("mix", mix.toLowerCase(Locale.ROOT)).put("clients", clients).put("rate", rate)
                    .put("seconds", figures.seconds()).put("operations", figures.operations())
                    .put("throughput", Math.round(figures.throughput())).put("p50Ms", p50).put("p99Ms", p99)
                    .put("p999Ms", p999).put("maxMs", latency.getMaxValue() / 1e6).put("errors", figures.errors());
            System.out.println(out);
        } else {
            System.out.printf(Locale.ROOT, "%s, %d clients%s: %.0f ops/s over %.1f s, errors %d%n", mix, clients,
                    rate > 0 ? String.format(Locale.ROOT, ", fixed rate %.0f/s", rate) : ", closed loop",
                    figures.throughput(), figures.seconds(), figures.errors());
            System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", p50, p99, p999,
                    latency.getMaxValue() / 1e6);
        }
    }
}
