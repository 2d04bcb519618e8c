package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark scripts that BENCHMARKS.md gives as the commands reproducing its figures, each
 * run for a few seconds against real clusters of the packaged jar: each must finish by itself
 * and print its table rows. Short runs measure nothing worth keeping; what is checked is that the
 * commands still work and still print what the document quotes.
 */
class BenchScriptsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Longer than any of these short runs takes; a script still running then is stopped with its clusters. */
    private static final long SCRIPT_SECONDS_MAX = 300;
    private static final String NUMBER = "[0-9][0-9,.]*";

    @Test
    void shouldPrintOneRowPerRunOfTheRateSweepWithoutErrorsAtALowRate() throws Exception {
        List<String> rows = run(List.of("bench/scripts/rate-sweep.sh"), Map.of("RATES", "2000", "RUNS", "2",
                "WARMUP", "3", "SECONDS_PER_RUN", "3", "ENCODING", "stream"));

        String percentiles = NUMBER + " / " + NUMBER + " / " + NUMBER + " / " + NUMBER;
        assertThat(rows).filteredOn(row -> row.startsWith("| 2,000 |")).hasSize(2)
                .allSatisfy(row -> assertThat(row).matches("\\| 2,000 \\| [12] \\| " + percentiles + " \\| 0 \\|"));
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
                        "\\| (old|new), json \\| " + cpu + " \\| " + NUMBER + " \\| " + run + "; " + run + " \\|"));
    }

    @Test
    void shouldPrintTheRecoveryRowOfTenThousandHoldings() throws Exception {
        List<String> rows = run(List.of("bench/scripts/recovery.sh"), Map.of("SIZES", "10000", "RUNS", "1"));

        String recovery = "[0-9]+ \\([0-9]+–[0-9]+\\)";
        assertThat(rows).filteredOn(row -> row.startsWith("| 10,000 |")).singleElement().satisfies(row ->
                assertThat(row).matches("\\| 10,000 \\| " + recovery + " \\| " + recovery + " \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\|"));
    }

    /**
     * Runs a script from the repository's root with the packaged jar (each script takes it from
     * {@code JAR}); returns its standard output's lines.
     */
    private static List<String> run(List<String> command, Map<String, String> environment) throws Exception {
        Path output = Files.createTempFile("dsms-bench-script", ".out");
        Path errors = Files.createTempFile("dsms-bench-script", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("JAR", LocalCluster.jar().toString());
            builder.environment().put("DSMS_SKIP_BUILD", "1");
            Process process = builder.start();
            if (!process.waitFor(SCRIPT_SECONDS_MAX, TimeUnit.SECONDS)) {
                stopWithDescendants(process);
                throw new AssertionError(command + " ran for more than " + SCRIPT_SECONDS_MAX + " s; its output:\n"
                        + Files.readString(output));
            }
            assertThat(process.exitValue()).as("%s exit status; its output:%n%s%nits errors:%n%s", command,
                    Files.readString(output), Files.readString(errors)).isZero();
            return Files.readAllLines(output);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** The script's clusters are its children: they go too, so that no other test meets them. */
    private static void stopWithDescendants(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }
}
