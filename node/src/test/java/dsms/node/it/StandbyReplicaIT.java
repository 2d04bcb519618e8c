package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ClusterConfig.FrontEndConfig;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.config.ClusterConfig.ReplicaConfig;
import dsms.node.config.ClusterConfig.SequencerConfig;
import dsms.node.config.ConfigWriter;
import java.io.IOException;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager keeps the next replica process standing by, and a restart calls it instead of
 * starting a JVM: real processes, kill -9, the replica's own log lines.
 */
class StandbyReplicaIT {
    private static final Pattern STANDING_BY = Pattern.compile("replica A standing by \\(pid (\\d+)\\)");
    private static final Duration STANDBY_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    @Test
    void shouldCallTheStandingByProcessWhenAKilledReplicaIsRestartedAndStopItWithTheCluster() throws Exception {
        LocalCluster cluster = new LocalCluster(directory.resolve("standby"), "crash").start();
        long standbyPid;
        try {
            assertThat(cluster.run("NYKA0001", "addShare", "NYKM100226", "EQUITY", "100").path("ok").asBoolean()).isTrue();
            standbyPid = awaitStandby(cluster, -1);
            long killedPid = cluster.killReplica("A");
            assertThat(standbyPid).isNotEqualTo(killedPid);
            cluster.awaitReplicaBack("A", killedPid);

            assertThat(cluster.replicaPid("A")).as("the restarted replica is the process that stood by").isEqualTo(standbyPid);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(replicaLog(cluster))
                    .contains("replica A called from standby")
                    .containsPattern("replica A started: .*; standby call \\d+ ms"));
            assertThat(cluster.run("NYKB0001", "purchaseShare", "NYKM100226", "EQUITY", "5").path("ok").asBoolean())
                    .isTrue();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(cluster.replicaStatus("A").path("restarts").asInt()).isEqualTo(1);
                assertThat(cluster.auditLogs("A")).isEqualTo(cluster.auditLogs("B"));
            });

            long nextStandbyPid = awaitStandby(cluster, standbyPid);
            assertThat(nextStandbyPid).as("a new process stands by for the next fault").isNotEqualTo(standbyPid);
            standbyPid = nextStandbyPid;
        } finally {
            cluster.close();
        }
        long stopped = standbyPid;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                ProcessHandle.of(stopped).map(ProcessHandle::isAlive).orElse(false))
                .as("the process standing by stops with the cluster").isFalse());
    }

    @Test
    void shouldRefuseStandbyOutsideAManagerOrForAnotherRole() throws Exception {
        Path config = writeConfig();
        ProgramRun.Result alone = ProgramRun.dsms("start", "replica", "--config", config.toString(), "--id", "A", "--standby")
                .finishWithin(Duration.ofSeconds(60));
        assertThat(alone.status()).isEqualTo(2);
        assertThat(alone.errors()).contains("--standby is for replicas started by their manager");

        ProgramRun.Result sequencer = ProgramRun.dsms("start", "sequencer", "--config", config.toString(), "--standby")
                .withEnvironment("DSMS_WATCH_PARENT", "1")
                .finishWithin(Duration.ofSeconds(60));
        assertThat(sequencer.status()).isEqualTo(2);
        assertThat(sequencer.errors()).contains("--standby is for replicas started by their manager");
    }

    /** Waits until replica A's log names a process standing by other than {@code previousPid}. */
    private static long awaitStandby(LocalCluster cluster, long previousPid) {
        return await().atMost(STANDBY_WAIT).pollInterval(Duration.ofMillis(200)).until(
                () -> latestStandby(cluster).filter(pid -> pid != previousPid
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
                Optional::isPresent).orElseThrow();
    }

    private static Optional<Long> latestStandby(LocalCluster cluster) throws IOException {
        Matcher matcher = STANDING_BY.matcher(replicaLog(cluster));
        Long pid = null;
        while (matcher.find()) {
            pid = Long.parseLong(matcher.group(1));
        }
        return Optional.ofNullable(pid);
    }

    private static String replicaLog(LocalCluster cluster) throws IOException {
        Path log = cluster.replicaDirectory("A").resolve("replica.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** A loopback cluster's config; the refusals come before any port is opened. */
    private Path writeConfig() throws IOException {
        List<ReplicaConfig> replicas = List.of(
                new ReplicaConfig("A", "127.0.0.1", 9000, 9100, null),
                new ReplicaConfig("B", "127.0.0.1", 9001, 9101, null),
                new ReplicaConfig("C", "127.0.0.1", 9002, 9102, null));
        ClusterConfig config = new ClusterConfig(FailureMode.CRASH, ConfigWriter.newSecret(new SecureRandom()), true,
                FsyncPolicy.ALWAYS, new FrontEndConfig("127.0.0.1", 8080, 7100, null),
                new SequencerConfig("127.0.0.1", 7000), replicas, null);
        Path file = directory.resolve("refusal.conf");
        ConfigWriter.write(config, file);
        return file;
    }
}
