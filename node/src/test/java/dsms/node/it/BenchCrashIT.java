package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsms bench --crash} from the packaged jar against a real crash-mode cluster: the bench
 * kills replica B with kill -9 in the middle of a fixed-rate run, sees it come back, and reports
 * what the crash cost. In crash mode the front end answers with the first result, so one crashed
 * replica must cost the clients no failed request.
 */
class BenchCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BENCH_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    private static ProgramRun.Result dsms(String... arguments) throws Exception {
        return ProgramRun.dsms(arguments).finishWithin(BENCH_TIMEOUT);
    }

    @Test
    void shouldMeasureAReplicaCrashWithoutAFailedRequest() throws Exception {
        Path data = directory.resolve("cluster");
        try (LocalCluster cluster = new LocalCluster(data, "crash").start()) {
            String config = data.resolve("cluster.conf").toString();
            long pidBefore = cluster.replicaPid("B");

            ProgramRun.Result run = dsms("bench", "--config", config, "--duration", "6", "--warmup", "1",
                    "--rate", "300", "--crash", "B", "--crash-at", "2", "--json");

            assertThat(run.status()).as("exit status; stderr: %s", run.errors()).isZero();
            String[] lines = run.output().strip().split("\n");
            assertThat(lines).as("stdout is one JSON object").hasSize(1);
            JsonNode figures = JSON.readTree(lines[0]);
            JsonNode crash = figures.path("crash");
            assertThat(crash.isObject()).as("crash in %s", figures).isTrue();
            assertThat(crash.path("replica").asText()).isEqualTo("B");
            assertThat(crash.path("killed").asBoolean()).isTrue();
            assertThat(crash.path("pid").asLong()).isEqualTo(pidBefore);
            assertThat(crash.path("atSeconds").asDouble()).isBetween(2.0, 3.0);
            assertThat(crash.path("back").asBoolean()).as("replica B back in %s; stderr: %s", crash, run.errors()).isTrue();
            assertThat(crash.path("downForMs").asLong()).isPositive();
            assertThat(crash.path("operationsDuringEvent").asLong()).isPositive();
            assertThat(crash.path("p99MsDuringEvent").asDouble()).isPositive();
            assertThat(crash.path("maxMsDuringEvent").asDouble()).isGreaterThanOrEqualTo(crash.path("p99MsDuringEvent").asDouble());
            // The timeline comes with a crash: one interval per second of the measured part.
            assertThat(figures.path("timeline")).hasSize(6);
            assertThat(run.errors()).contains("killed replica B (pid " + pidBefore + ")", "replica B is back");
            // 300 operations/s for 6 s, all of them answered: the crash cost no failed request.
            assertThat(figures.has("errors")).isTrue();
            assertThat(figures.path("errors").asLong()).as("errors; stderr: %s", run.errors()).isZero();
            assertThat(crash.path("errorsDuringEvent").asLong()).isZero();
            assertThat(figures.path("operations").asLong()).isEqualTo(1800);

            JsonNode replicaB = cluster.status().path("replicas").get(1);
            assertThat(replicaB.path("status").asText()).isEqualTo("UP");
            assertThat(replicaB.path("restarts").asLong())
                    .as("one kill, one restart: a process started again while the managers decided is kept").isEqualTo(1);
            assertThat(cluster.replicaPid("B")).isNotEqualTo(pidBefore);

            ProgramRun.Result unknown = dsms("bench", "--config", config, "--crash", "Z", "--duration", "2");
            assertThat(unknown.status()).isEqualTo(2);
            assertThat(unknown.errors().strip()).isEqualTo("dsms: the cluster has no replica 'Z'");
            ProgramRun.Result late = dsms("bench", "--config", config, "--crash", "B", "--crash-at", "2", "--duration", "2");
            assertThat(late.status()).isEqualTo(2);
            assertThat(late.errors().strip()).isEqualTo("dsms: --crash-at must be at least 0 and less than --duration (2)");
            ProgramRun.Result alone = dsms("bench", "--config", config, "--crash-at", "1");
            assertThat(alone.status()).isEqualTo(2);
            assertThat(alone.errors().strip()).isEqualTo("dsms: --crash-at needs --crash REPLICA");

            // dsms fault shares the crash's code; its messages and exit statuses are unchanged.
            ProgramRun.Result faultUnknown = dsms("fault", "crash", "Z", "--config", config);
            assertThat(faultUnknown.status()).isEqualTo(2);
            assertThat(faultUnknown.errors().strip()).isEqualTo("dsms: the cluster has no replica 'Z'");
            ProgramRun.Result heal = dsms("fault", "heal", "b", "--config", config);
            assertThat(heal.status()).isZero();
            assertThat(heal.output().strip()).isEqualTo("replica B had no injected fault");
        }
    }

    @Test
    void shouldCostNoFailedRequestOverTheStreamProtocolWhenAReplicaIsKilled() throws Exception {
        Path data = directory.resolve("cluster");
        try (LocalCluster cluster = new LocalCluster(data, "crash").start()) {
            String config = data.resolve("cluster.conf").toString();

            ProgramRun.Result run = dsms("bench", "--config", config, "--transport", "stream", "--batch", "10",
                    "--duration", "6", "--warmup", "1", "--rate", "3000", "--crash", "C", "--crash-at", "2", "--json");

            assertThat(run.status()).as("exit status; stderr: %s", run.errors()).isZero();
            JsonNode figures = JSON.readTree(run.output().strip());
            assertThat(figures.path("transport").asText()).isEqualTo("stream");
            assertThat(figures.path("crash").path("killed").asBoolean()).isTrue();
            assertThat(figures.path("crash").path("back").asBoolean()).as("replica C back; stderr: %s", run.errors()).isTrue();
            // 3,000 operations/s for 6 s in batches of 10, every one answered through the kill.
            assertThat(figures.path("errors").asLong()).as("errors; stderr: %s", run.errors()).isZero();
            assertThat(figures.path("crash").path("errorsDuringEvent").asLong()).isZero();
            assertThat(figures.path("operations").asLong()).isEqualTo(18_000);

            // Under load a replica's audit lines wait in memory for a few milliseconds, so the kill
            // lost some of C's; the replay after its restart writes them again, line for line.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode replicas = cluster.status().path("replicas");
                long lastA = replicas.get(0).path("lastSeq").asLong();
                for (JsonNode replica : replicas) {
                    assertThat(replica.path("lastSeq").asLong()).as("replica %s", replica.path("id")).isEqualTo(lastA);
                }
                Map<String, String> auditA = cluster.auditLogs("A");
                assertThat(auditA).isNotEmpty();
                assertThat(cluster.auditLogs("C")).isEqualTo(auditA);
                assertThat(cluster.auditLogs("B")).isEqualTo(auditA);
            });
        }
    }
}
