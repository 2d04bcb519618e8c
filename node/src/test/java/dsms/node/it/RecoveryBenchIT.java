package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsms bench recovery} against a real byzantine-mode cluster at a small scale: it loads
 * exactly the holdings asked for through the front end, times a restart from disk and a
 * replacement of replica C that really happen (the managers count them and the replica serves
 * again), reports the memory of every process, and finds the holdings there on a second run.
 */
class RecoveryBenchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOLDINGS = 2_000;
    private static final Duration RUN_TIME_MAX = Duration.ofSeconds(300);

    @TempDir
    Path directory;

    @Test
    void shouldLoadTheHoldingsAndTimeARestartAndAReplacementThatHappen() throws Exception {
        try (LocalCluster cluster = new LocalCluster(directory.resolve("cluster"), "byzantine").start()) {
            Path config = directory.resolve("cluster").resolve("cluster.conf");

            JsonNode first = bench(config, "--holdings", Long.toString(HOLDINGS), "--json");

            JsonNode load = first.path("load");
            assertThat(load.path("skipped").asBoolean()).isFalse();
            assertThat(load.path("failures").asLong()).isZero();
            assertThat(load.path("unitsBought").asLong() + load.path("unitsAlreadyHeld").asLong()).isEqualTo(HOLDINGS);
            assertThat(first.path("buyers").asInt()).isEqualTo(59);
            JsonNode lastBuyer = cluster.run("LONB0019", "getShares");
            assertThat(lastBuyer.path("data").path("holdings").size())
                    .as("the last buyer gets the remainder: 2,000 - 58 x 34").isEqualTo(28);

            List<String> scenarios = new ArrayList<>();
            for (JsonNode recovery : first.path("recoveries")) {
                scenarios.add(recovery.path("scenario").asText());
                assertThat(recovery.path("decisionToServingMs").asLong()).isPositive();
                assertThat(recovery.path("faultToServingMs").asLong())
                        .isGreaterThanOrEqualTo(recovery.path("decisionToServingMs").asLong());
                assertThat(recovery.path("replicaLog").toString()).as("the replica's own account").contains("replica C");
                assertThat(recovery.path("standbyReady").asBoolean()).as("a process stood by before the fault").isTrue();
                assertThat(recovery.path("replicaLog").toString()).as("the restart called the process standing by")
                        .containsPattern("standby call \\d+ ms|its manager called it from standby");
            }
            assertThat(scenarios).containsExactly("restart", "replace");
            JsonNode replicaC = cluster.status().path("replicas").get(2);
            assertThat(replicaC.path("restarts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(replicaC.path("replacements").asInt()).isEqualTo(1);
            assertThat(first.path("readsFailed").asLong()).as("the cluster served throughout").isZero();

            List<String> roles = new ArrayList<>();
            for (JsonNode process : first.path("memory")) {
                roles.add(process.path("role").asText());
                assertThat(process.path("residentBytes").asLong()).isPositive();
                assertThat(process.path("heapUsedAfterGcBytes").asLong()).isPositive()
                        .isLessThanOrEqualTo(process.path("heapCommittedBytes").asLong());
            }
            assertThat(roles).containsExactlyInAnyOrder("replica", "replica", "replica", "manager", "manager", "manager",
                    "sequencer", "frontend");

            JsonNode second = bench(config, "--holdings", Long.toString(HOLDINGS), "--scenarios", "restart", "--no-memory",
                    "--json");
            assertThat(second.path("load").path("skipped").asBoolean()).as("the holdings are there already").isTrue();
            assertThat(second.path("recoveries")).hasSize(1);
        }
    }

    private static JsonNode bench(Path config, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("bench", "recovery", "--config", config.toString()));
        arguments.addAll(List.of(options));
        ProgramRun.Result run = ProgramRun.dsms(arguments).finishWithin(RUN_TIME_MAX);
        assertThat(run.status()).as(run.describe()).isZero();
        return JSON.readTree(run.output());
    }
}
