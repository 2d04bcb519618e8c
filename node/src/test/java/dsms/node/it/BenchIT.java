package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsms bench} from the packaged jar against a real cluster: over the single-operation
 * endpoint, the batch endpoint and the stream protocol, closed loop and fixed rate, every mix. Benchmarks measure
 * rather than assert, so this checks only that the load generator works: operations are answered,
 * none fail, the mixes stay valid under the market's rules, and the JSON has its fields.
 */
class BenchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BENCH_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> REQUIRED_FIELDS = List.of("throughput", "requestsPerSecond", "p50Ms", "p99Ms",
            "p999Ms", "errors", "businessErrors", "operations", "requests", "batch");

    private static final Pattern ORDERED_LINE = Pattern.compile("sequencer: last 10 s: (\\d+) requests ordered");

    @TempDir
    Path directory;

    private JsonNode bench(Path data, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("bench", "--config", data.resolve("cluster.conf").toString(),
                "--duration", "2", "--warmup", "0", "--clients", "8", "--json"));
        arguments.addAll(List.of(options));
        Instant startedBefore = Instant.now();
        ProgramRun.Result bench = ProgramRun.dsms(arguments).finishWithin(BENCH_TIMEOUT);
        assertThat(bench.status()).as(bench.describe()).isZero();
        String output = bench.output();
        String[] lines = output.strip().split("\n");
        assertThat(lines).as("stdout is one JSON object").hasSize(1);
        JsonNode figures = JSON.readTree(lines[0]);
        for (String field : REQUIRED_FIELDS) {
            assertThat(figures.has(field)).as("field %s in %s", field, figures).isTrue();
        }
        assertThat(figures.path("throughput").asDouble()).as("throughput in %s", figures).isPositive();
        assertThat(figures.path("errors").asLong()).as("errors in %s", figures).isZero();
        assertThat(figures.path("p50Ms").asDouble()).isPositive();
        assertThat(figures.path("p999Ms").asDouble()).isGreaterThanOrEqualTo(figures.path("p99Ms").asDouble());
        assertThat(Instant.parse(figures.path("measureStart").asText())).as("measureStart in %s", figures)
                .isBetween(startedBefore, Instant.now());
        return figures;
    }

    @Test
    void shouldMeasureTheClusterOverSingleOperationsAndBatches() throws Exception {
        Path data = directory.resolve("cluster");
        try (LocalCluster cluster = new LocalCluster(data, "crash").start()) {
            JsonNode single = bench(data, "--mix", "trade");
            assertThat(single.path("operations").asLong()).isEqualTo(single.path("requests").asLong());
            assertThat(single.path("businessErrors").asLong()).as("a fresh cluster's buyers buy and sell in step").isZero();

            JsonNode batches = bench(data, "--mix", "trade", "--batch", "10");
            assertThat(batches.path("batch").asInt()).isEqualTo(10);
            assertThat(batches.path("operations").asLong()).isEqualTo(10 * batches.path("requests").asLong());
            // Each slot of a batch trades its own share; slot 0's share is the single-operation run's,
            // which a buyer may still hold from it: at most one stale purchase per client, then in step.
            assertThat(batches.path("businessErrors").asLong()).as("business errors").isLessThanOrEqualTo(8);

            JsonNode swaps = bench(data, "--mix", "swap", "--batch", "10");
            assertThat(swaps.path("businessErrors").asLong()).as("each slot swaps its own pair of shares").isZero();

            // The binary batch format: batches answered with the replicas' result bytes (each a
            // buyer's holdings here), every one counted as answered.
            JsonNode binary = bench(data, "--mix", "read", "--batch", "10", "--encoding", "binary");
            assertThat(binary.path("encoding").asText()).isEqualTo("binary");
            assertThat(binary.path("operations").asLong()).isEqualTo(10 * binary.path("requests").asLong()).isPositive();
            assertThat(binary.path("businessErrors").asLong()).isZero();

            // The stream protocol: the same binary batches over TCP, served by the front end's loop.
            JsonNode stream = bench(data, "--mix", "read", "--batch", "10", "--transport", "stream");
            assertThat(stream.path("transport").asText()).isEqualTo("stream");
            assertThat(stream.path("operations").asLong()).isEqualTo(10 * stream.path("requests").asLong()).isPositive();
            assertThat(stream.path("businessErrors").asLong()).isZero();

            JsonNode fixedRate = bench(data, "--mix", "read", "--rate", "200");
            // 200 operations/s for 2 s: the schedule is met unless the cluster falls far behind.
            assertThat(fixedRate.path("operations").asLong()).isBetween(380L, 400L);

            // The sequencer logs what it ordered every 10 s while its counters change, as the count
            // since the line before: once the cluster is idle, the lines add up to every sequence
            // number it assigned, the benchmarks' operations with their setup and the probes.
            long benchOperations = single.path("operations").asLong() + batches.path("operations").asLong()
                    + swaps.path("operations").asLong() + binary.path("operations").asLong()
                    + stream.path("operations").asLong() + fixedRate.path("operations").asLong();
            Path sequencerLog = data.resolve("logs").resolve("sequencer.log");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                long lastSequence = cluster.status().path("replicas").get(0).path("lastSeq").asLong();
                assertThat(lastSequence).isGreaterThanOrEqualTo(benchOperations);
                assertThat(orderedInLog(sequencerLog)).as("requests ordered, summed over %s", sequencerLog)
                        .isEqualTo(lastSequence);
            });
        }
    }

    /** The sum of the "N requests ordered" counts of the sequencer's counter lines. */
    private static long orderedInLog(Path log) throws Exception {
        long ordered = 0;
        Matcher line = ORDERED_LINE.matcher(Files.exists(log) ? Files.readString(log) : "");
        while (line.find()) {
            ordered += Long.parseLong(line.group(1));
        }
        return ordered;
    }
}
