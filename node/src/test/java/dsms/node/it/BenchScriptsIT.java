package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark scripts that BENCHMARKS.md gives as the commands reproducing its figures, each
 * run for a few seconds against real clusters of the packaged jar: each must finish by itself
 * and print its table rows. Short runs measure nothing worth keeping; what is checked is that the
 * commands still work and still print what the document quotes.
 */
class BenchScriptsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Longer than any of these short runs takes; a script still running then is stopped with its clusters. */
    private static final Duration SCRIPT_TIME_MAX = Duration.ofSeconds(300);
    private static final String NUMBER = "[0-9][0-9,.]*";
    /** The JDK that runs the tests, for the scripts run with its source launcher. */
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void shouldPrintOneRowPerRunOfTheRateSweepWithoutErrorsAtALowRateAndKeepTheClustersLogs(@TempDir Path logs,
            @TempDir Path timelines) throws Exception {
        List<String> rows = run(List.of("bench/scripts/rate-sweep.sh"), Map.of("RATES", "2000", "RUNS", "2",
                "WARMUP", "3", "SECONDS_PER_RUN", "3", "ENCODING", "stream", "KEEP_LOGS", logs.toString(),
                "TIMELINES", timelines.toString()));

        String percentiles = NUMBER + " / " + NUMBER + " / " + NUMBER + " / " + NUMBER;
        assertThat(rows).filteredOn(row -> row.startsWith("| 2,000 |")).hasSize(2)
                .allSatisfy(row -> assertThat(row).matches("\\| 2,000 \\| [12] \\| " + percentiles + " \\| 0 \\|"));
        // What explains a slow run outlives the script's working directory.
        assertThat(logs.resolve("logs").resolve("sequencer.log")).isNotEmptyFile();
        assertThat(logs.resolve("up.log")).isNotEmptyFile();
        assertThat(List.of("A", "B", "C")).allSatisfy(replica ->
                assertThat(logs.resolve("replica-" + replica + ".log")).isNotEmptyFile());
        // The script's load generator runs through bin/dsms, which gives it the serial collector
        // and a fixed heap, so that its own pauses do not count as the cluster's latency.
        JsonNode run = new ObjectMapper().readTree(timelines.resolve("rate-2000-run-1.json").toFile());
        assertThat(run.get("clientCollectors").toString()).contains("\"Copy\"").doesNotContain("G1");
        assertThat(run.get("clientHeapMaxBytes").asLong()).isBetween(400L << 20, 512L << 20);
    }

    @Test
    void shouldPrintTheFullPathRowOfOneModeAndFsyncPolicy() throws Exception {
        List<String> rows = run(List.of("bench/scripts/full-path.sh", "trade", "2"), Map.of("MODES", "crash",
                "FSYNCS", "never", "ENCODING", "stream", "WARMUP", "3", "SETTLE", "0"));

        assertThat(rows).filteredOn(row -> row.startsWith("| crash |")).singleElement().satisfies(row ->
                assertThat(row).matches("\\| crash \\| never \\| " + NUMBER + " \\| [0-9]+ \\| .+ \\| "
                        + NUMBER + " / " + NUMBER + " / " + NUMBER + " at " + NUMBER + " ops/s \\(p99 of the three runs: "
                        + NUMBER + ", " + NUMBER + ", " + NUMBER + "\\) \\| [0-9]+ \\| " + NUMBER + " \\| "
                        + NUMBER + " / " + NUMBER + " \\|"));
    }

    @Test
    void shouldPrintTheCpuPerOperationAndLatencyOfBothJarsOfAnAbComparison() throws Exception {
        String jar = LocalCluster.jar().toString();
        List<String> rows = run(List.of("bench/scripts/ab.sh", jar, jar, "1", "2000"), Map.of("WARMUP", "3",
                "SECONDS_PER_RUN", "3"));

        String cpu = NUMBER + " / " + NUMBER + " / " + NUMBER + ", " + NUMBER + ", " + NUMBER + " / " + NUMBER;
        String run = NUMBER + " / " + NUMBER + " / " + NUMBER + " / " + NUMBER;
        assertThat(rows).filteredOn(row -> row.matches("\\| (old|new), json \\| .*")).hasSize(2)
                .allSatisfy(row -> assertThat(row).matches(
                        "\\| (old|new), json \\| " + cpu + " \\| " + NUMBER + " \\| " + run + "; " + run + " \\|"))
                // Every serving replica executes every operation; a replica standing by executes
                // none, and counting it instead gave 0.00 to 0.01 µs.
                .allSatisfy(row -> assertThat(replicaCpuPerOperation(row)).hasSize(3)
                        .allSatisfy(micros -> assertThat(micros).isGreaterThan(0.5)));
    }

    /** The three replicas' CPU per operation of an ab.sh row: "| jar | FE / seq / A, B, C / managers | ...". */
    private static List<Double> replicaCpuPerOperation(String row) {
        String cpu = row.split("\\|")[2];
        return Arrays.stream(cpu.split("/")[2].split(","))
                .map(String::trim)
                .map(Double::parseDouble)
                .toList();
    }

    @Test
    void shouldPrintTheRecoveryRowOfTenThousandHoldings() throws Exception {
        List<String> rows = run(List.of("bench/scripts/recovery.sh"), Map.of("SIZES", "10000", "RUNS", "1"));

        String recovery = "[0-9]+ \\([0-9]+–[0-9]+\\)";
        assertThat(rows).filteredOn(row -> row.startsWith("| 10,000 |")).singleElement().satisfies(row ->
                assertThat(row).matches("\\| 10,000 \\| " + recovery + " \\| " + recovery + " \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\|"));
    }

    /**
     * The freeze script stops the serving processes of its own cluster (front end, sequencer, three
     * replicas; not the standbys) for a moment of the warm-up and continues them: every operation
     * of the measured part is answered, B comes back after its kill, and nothing stays stopped
     * (the script would not finish).
     */
    @Test
    void shouldPrintTheRowOfARunWhoseServingProcessesWereFrozenDuringTheWarmUp(@TempDir Path logs) throws Exception {
        List<String> rows = run(List.of("bench/scripts/freeze.sh"), Map.of("RUNS", "1", "RATE", "2000", "WARMUP", "8",
                "FREEZE_AT", "3", "FREEZE_S", "1", "SECONDS_PER_RUN", "4", "CRASH_AT", "1", "KEEP_LOGS", logs.toString()));

        assertThat(rows).filteredOn(row -> row.startsWith("| 1 |")).singleElement().satisfies(row ->
                assertThat(row).matches("\\| 1 \\| all \\(5 processes\\) for 1 s \\| 0 \\| "
                        + NUMBER + " / " + NUMBER + " / " + NUMBER + " \\| " + NUMBER + " \\|"));
        assertThat(logs.resolve("run-1").resolve("logs").resolve("sequencer.log")).isNotEmptyFile();
    }

    @Test
    void shouldTimeAPassOverMemoryWhenHotAndAfterEachIdleSpell() throws Exception {
        List<String> rows = run(List.of(JAVA, "bench/scripts/IdleMemory.java", "8", "1", "2"), Map.of());

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).matches(
                "8 MiB, 2048 pages of 4 KiB: a hot pass takes " + NUMBER + " ms \\(" + NUMBER + " us per page\\)");
        assertThat(rows.subList(1, 3)).satisfiesExactly(
                row -> assertThat(row).matches("after +1 s idle: +" + NUMBER + " ms \\(" + NUMBER
                        + " us per page\\), the pass right after it " + NUMBER + " ms"),
                row -> assertThat(row).startsWith("after   2 s idle: "));
    }

    @Test
    void shouldRefuseAnIdleTimeThatIsNotANumberWithAUsageMessageInsteadOfAStackTrace() throws Exception {
        ProgramRun.Result run = ProgramRun.of(List.of(JAVA, "bench/scripts/IdleMemory.java", "8", "soon")).in(ROOT)
                .finishWithin(SCRIPT_TIME_MAX);

        assertThat(run.status()).as(run.describe()).isEqualTo(2);
        assertThat(run.errors()).contains("an idle time in seconds is a whole number from 0 to 3600, not 'soon'")
                .contains("usage: java bench/scripts/IdleMemory.java").doesNotContain("Exception");
        assertThat(run.output()).isEmpty();
    }

    /**
     * Runs a script from the repository's root with the packaged jar (each script takes it from
     * {@code JAR}); returns its standard output's lines.
     */
    private static List<String> run(List<String> command, Map<String, String> environment) throws Exception {
        ProgramRun.Result run = ProgramRun.of(command).in(ROOT).withEnvironment(environment)
                .withEnvironment("JAR", LocalCluster.jar().toString()).withEnvironment("DSMS_SKIP_BUILD", "1")
                .finishWithin(SCRIPT_TIME_MAX);
        assertThat(run.status()).as(run.describe()).isZero();
        return run.outputLines();
    }
}
