package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that stops for seconds (a long collection, a process descheduled on a busy machine)
 * is slow, not crashed: the others keep answering clients, nobody restarts or replaces it, and it
 * catches up once it runs again. One that stays stopped past the managers' probe timeout is hung:
 * it is restarted as a new process, which catches up.
 */
class PausedReplicaIT {
    /** Twice the probe timeout of the protocol's LAN defaults; below the 3 s the managers use. */
    private static final long PAUSE_MS = 2_000;

    @TempDir
    Path directory;

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %d", signal, pid).isTrue();
    }

    /** A crash-mode cluster with one share to trade. */
    private LocalCluster startWithShare(String name) throws Exception {
        LocalCluster cluster = new LocalCluster(directory.resolve(name), "crash").start();
        try {
            assertThat(cluster.run("NYKA0001", "addShare", "NYKM100226", "EQUITY", "1000").path("code").asText())
                    .isEqualTo("OK");
            return cluster;
        } catch (Throwable failure) {
            cluster.close();
            throw failure;
        }
    }

    /** Waits until B has executed as much as A; each check sends a request for B to catch up on. */
    private static void awaitCaughtUp(LocalCluster cluster, String description) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            cluster.run(LocalCluster.PROBE_USER, "getShares");
            assertThat(cluster.replicaStatus("B").path("lastSeq").asLong())
                    .as(description).isEqualTo(cluster.replicaStatus("A").path("lastSeq").asLong());
        });
    }

    @Test
    void shouldNotRestartAReplicaPausedForLessThanTheProbeTimeout() throws Exception {
        try (LocalCluster cluster = startWithShare("crash")) {
            long pid = cluster.replicaPid("B");

            signal(pid, "STOP");
            long pausedNs = System.nanoTime();
            int answered = 0;
            try {
                // Clients keep buying and selling for the whole pause, and every operation succeeds.
                while (System.nanoTime() - pausedNs < TimeUnit.MILLISECONDS.toNanos(PAUSE_MS)) {
                    String buyer = String.format("NYKB%04d", 1 + answered / 2 % 50);
                    JsonNode answer = answered % 2 == 0
                            ? cluster.run(buyer, "purchaseShare", "NYKM100226", "EQUITY", "1")
                            : cluster.run(buyer, "sellShare", "NYKM100226", "1");
                    assertThat(answer.path("code").asText()).as("answered while B is paused: %s", answer).isEqualTo("OK");
                    answered++;
                }
            } finally {
                signal(pid, "CONT");
            }
            assertThat(answered).as("operations answered during the pause").isGreaterThan(0);

            awaitCaughtUp(cluster, "B caught up");
            JsonNode b = cluster.replicaStatus("B");
            assertThat(b.path("restarts").asInt()).as("restarts of B").isZero();
            assertThat(b.path("replacements").asInt()).as("replacements of B").isZero();
            assertThat(cluster.replicaPid("B")).as("B is the same process").isEqualTo(pid);
        }
    }

    @Test
    void shouldRestartAReplicaHungForLongerThanTheProbeTimeout() throws Exception {
        try (LocalCluster cluster = startWithShare("hung")) {
            long pid = cluster.replicaPid("B");

            // Stopped for good: only the managers can end this, by replacing the process.
            signal(pid, "STOP");
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode answer = cluster.run("NYKB0001", "purchaseShare", "NYKM100226", "EQUITY", "1");
                    assertThat(answer.path("code").asText()).as("answered while B is hung: %s", answer)
                            .isIn("OK", "ALREADY_HELD");
                    assertThat(cluster.replicaPid("B")).as("B runs as a new process").isNotEqualTo(pid);
                });
            } finally {
                // A leftover stopped process would outlive the test; a new one needs no signal.
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            awaitCaughtUp(cluster, "the new B caught up");
            assertThat(cluster.replicaStatus("B").path("restarts").asInt() + cluster.replicaStatus("B").path("replacements").asInt())
                    .as("restarts and replacements of B").isPositive();
        }
    }
}
