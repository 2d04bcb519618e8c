package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.node.config.ClusterConfig;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ClusterConfig.FrontEndConfig;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.config.ClusterConfig.ReplicaConfig;
import dsms.node.config.ClusterConfig.SequencerConfig;
import dsms.node.config.ConfigWriter;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three-machine layout of the original design on three network namespaces joined by a
 * bridge: machine 1 runs the front end, the sequencer and replica A; machines 2 and 3 run
 * replicas B and C. Needs root and iproute2; skipped with a message otherwise.
 */
class ThreeNamespacesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBNET = "10.77.";

    @TempDir
    Path directory;

    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final int octet = ThreadLocalRandom.current().nextInt(1, 250);

    private String bridge() {
        return "dsbr" + tag;
    }

    private String hostOf(int machine) {
        return SUBNET + octet + "." + (10 + machine);
    }

    @Test
    void shouldServeAndSurviveReplicaCrashAcrossThreeMachines() throws Exception {
        boolean hasIp = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"));
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && hasIp,
                "skipped: needs root and iproute2 (ip) for network namespaces");
        Assumptions.assumeTrue(createNetwork(), "skipped: cannot create network namespaces here");
        Path configFile = writeConfig();
        ClusterConfig config = dsms.node.config.ConfigLoader.load(configFile);
        startOn(2, configFile, "manager", "B");
        startOn(3, configFile, "manager", "C");
        startOn(1, configFile, "manager", "A");
        startOn(1, configFile, "sequencer", "0");
        startOn(1, configFile, "frontend", "0");
        ApiKeys keys = new ApiKeys(config.secret());
        String url = "http://" + hostOf(1) + ":" + config.frontEnd().httpPort();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> run(url, keys, "TOKB9999", "getShares", "{}").path("ok").asBoolean());
        assertThat(run(url, keys, "NYKA0001", "addShare", "{\"shareId\":\"NYKM100226\",\"shareType\":\"EQUITY\",\"capacity\":50}")
                .path("code").asText()).isEqualTo("OK");

        Path replicaB = configFile.getParent().resolve("replica-B");
        long killed = Long.parseLong(Files.readString(replicaB.resolve("replica.pid")).trim());
        ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
        JsonNode purchase = run(url, keys, "LONB0001", "purchaseShare",
                "{\"shareId\":\"NYKM100226\",\"shareType\":\"EQUITY\",\"count\":20}");
        assertThat(purchase.path("data").path("purchased").asLong()).isEqualTo(20);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            run(url, keys, "TOKB9999", "getShares", "{}");
            JsonNode replicas = status(url).path("replicas");
            assertThat(replicas.get(1).path("lastSeq").asLong()).isEqualTo(replicas.get(0).path("lastSeq").asLong());
            assertThat(Long.parseLong(Files.readString(replicaB.resolve("replica.pid")).trim())).isNotEqualTo(killed);
        });
    }

    private boolean createNetwork() throws Exception {
        if (!sh("ip", "link", "add", bridge(), "type", "bridge")) {
            return false;
        }
        sh("ip", "addr", "add", SUBNET + octet + ".1/24", "dev", bridge());
        sh("ip", "link", "set", bridge(), "up");
        for (int machine = 1; machine <= 3; machine++) {
            String namespace = "dsms" + tag + "m" + machine;
            String outside = "dsv" + tag + machine;
            if (!sh("ip", "netns", "add", namespace)) {
                return false;
            }
            namespaces.add(namespace);
            sh("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace);
            sh("ip", "link", "set", outside, "master", bridge());
            sh("ip", "link", "set", outside, "up");
            sh("ip", "netns", "exec", namespace, "ip", "addr", "add", hostOf(machine) + "/24", "dev", "eth0");
            sh("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up");
            sh("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        }
        return true;
    }

    private Path writeConfig() throws IOException {
        List<ReplicaConfig> replicas = List.of(
                new ReplicaConfig("A", hostOf(1), 9000, 9100, null),
                new ReplicaConfig("B", hostOf(2), 9000, 9100, null),
                new ReplicaConfig("C", hostOf(3), 9000, 9100, null));
        ClusterConfig config = new ClusterConfig(FailureMode.CRASH, ConfigWriter.newSecret(new SecureRandom()), true,
                FsyncPolicy.ALWAYS, new FrontEndConfig(hostOf(1), 8080, 7100, null), new SequencerConfig(hostOf(1), 7000),
                replicas, null);
        Path file = directory.resolve("three-machines.conf");
        ConfigWriter.write(config, file);
        return file;
    }

    private void startOn(int machine, Path configFile, String role, String id) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespaces.get(machine - 1), java, "-jar",
                LocalCluster.jar().toString(), "start", role, "--config", configFile.toString(), "--id", id);
        builder.environment().put("DSMS_PROCESS", role + "-" + id + "@m" + machine);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(role + "-" + id + ".log").toFile()));
        processes.add(builder.start());
    }

    private static JsonNode run(String url, ApiKeys keys, String user, String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/operations/" + operation))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + keys.issue(user))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode status(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/status")).timeout(Duration.ofSeconds(5)).build();
        return JSON.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        for (String namespace : namespaces) {
            sh("ip", "netns", "pids", namespace);
            sh("ip", "netns", "del", namespace);
        }
        sh("ip", "link", "del", bridge());
    }

    private static boolean sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
