package dsms.node.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigLoader;
import dsms.node.http.Operations;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A whole cluster of real processes on loopback, started with {@code dsms up} from the packaged
 * jar, for integration tests: real UDP, real files, kill -9 for crashes.
 */
final class LocalCluster implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How much of each process's log a failed start shows. */
    static final int LOG_TAIL_LINES = 40;
    /** Folders of a replica's data whose {@code .log} files are its audit and entry logs, not process logs. */
    private static final Set<String> DATA_LOG_FOLDERS = Set.of("audit", "wal");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A buyer that only reads, used to check that the cluster serves. */
    static final String PROBE_USER = "TOKB9999";

    private final Path data;
    private final int port;
    private final String mode;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process up;
    private ClusterConfig config;
    private ApiKeys keys;

    /** The lowest HTTP port a test cluster takes. */
    private static final int PORT_BASE_MIN = 20_000;
    /** Ports set aside per cluster: {@code dsms up} lays out its others less than 30 above the HTTP port. */
    private static final int PORTS_PER_CLUSTER = 50;
    /** Where Linux starts handing out ephemeral ports, one of which another socket may hold. */
    private static final int EPHEMERAL_PORT_MIN = 32_768;
    /** Cluster bases whose every port lies below the ephemeral range. */
    private static final int PORT_BASES = (EPHEMERAL_PORT_MIN - PORT_BASE_MIN) / PORTS_PER_CLUSTER;

    LocalCluster(Path data, String mode) {
        this.data = data;
        this.mode = mode;
        // Ports are laid out from the HTTP port; a random base keeps parallel runs apart.
        this.port = PORT_BASE_MIN + ThreadLocalRandom.current().nextInt(PORT_BASES) * PORTS_PER_CLUSTER;
    }

    static Path jar() {
        return Path.of(System.getProperty("dsms.jar", "target/dsms.jar")).toAbsolutePath();
    }

    /** Starts (or restarts, keeping the data) every process and waits until the front end answers. */
    LocalCluster start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dsmsCommand(List.of("up", "--port", Integer.toString(port),
                "--data", data.toString(), "--mode", mode)));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(upLog().toFile()));
        up = builder.start();
        try {
            config = ConfigLoader.load(await().atMost(START_TIMEOUT).until(() -> data.resolve("cluster.conf"), Files::exists));
            keys = new ApiKeys(config.secret());
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> status().path("replicas").size() == config.replicaCount());
            // The front end answers before every replica's JVM has started; a read that goes the whole
            // way round (sequencer, replicas, vote) shows the cluster is serving.
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> run(PROBE_USER, "getShares").path("ok").asBoolean());
        } catch (ConditionTimeoutException e) {
            // The test's temporary directory, and the logs in it, go with the test: keep their ends in the failure.
            throw new AssertionError("the cluster on port " + port + " did not start:\n" + logTails(), e);
        }
        return this;
    }

    /** What {@code dsms up} prints; beside the data, which {@code dsms up} may clear. */
    private Path upLog() {
        return data.resolveSibling(data.getFileName() + "-up.log");
    }

    /** The last lines of every log the cluster's processes wrote, for a failure to explain itself. */
    String logTails() {
        StringBuilder tails = new StringBuilder();
        List<Path> logs = new ArrayList<>(List.of(upLog()));
        try (Stream<Path> files = Files.walk(data, 3)) {
            files.filter(file -> file.toString().endsWith(".log")
                    && !DATA_LOG_FOLDERS.contains(file.getParent().getFileName().toString())).sorted().forEach(logs::add);
        } catch (IOException e) {
            tails.append("(cannot list ").append(data).append(": ").append(e.getMessage()).append(")\n");
        }
        for (Path log : logs) {
            try {
                List<String> lines = Files.readAllLines(log);
                tails.append("--- ").append(log).append(" (last ").append(Math.min(lines.size(), LOG_TAIL_LINES))
                        .append(" of ").append(lines.size()).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
                        .forEach(line -> tails.append(line).append('\n'));
            } catch (IOException e) {
                tails.append("--- ").append(log).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return tails.toString();
    }

    ClusterConfig config() {
        return config;
    }

    /** Runs one operation as {@code user} with the command-line argument order; returns the JSON answer. */
    JsonNode run(String user, String operation, String... arguments) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        List<Operations.Field> fields = Operations.ALL.get(operation).fields();
        for (int index = 0; index < arguments.length; index++) {
            Operations.Field field = fields.get(index);
            if (field.kind() == Operations.FieldKind.COUNT) {
                body.put(field.name(), Long.parseLong(arguments[index]));
            } else {
                body.put(field.name(), arguments[index]);
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/operations/" + operation))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + keys.issue(user))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode status() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/status"))
                .timeout(Duration.ofSeconds(5)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** One replica's entry in the front end's status: its sequence, restarts, replacements... */
    JsonNode replicaStatus(String replica) throws IOException, InterruptedException {
        for (JsonNode entry : status().path("replicas")) {
            if (entry.path("id").asText().equals(replica)) {
                return entry;
            }
        }
        throw new AssertionError("no replica " + replica + " in the status");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path replicaDirectory(String replica) {
        return data.resolve("replica-" + replica);
    }

    long replicaPid(String replica) throws IOException {
        return Long.parseLong(Files.readString(replicaDirectory(replica).resolve("replica.pid")).trim());
    }

    /** kill -9 of one replica process; its manager restarts it. Returns the killed pid. */
    long killReplica(String replica) throws IOException {
        long pid = replicaPid(replica);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return pid;
    }

    /** Waits until the replica runs as a new process and has caught up with the others. */
    void awaitReplicaBack(String replica, long killedPid) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            long pid = replicaPid(replica);
            return pid != killedPid && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        });
    }

    /**
     * The audit logs of one replica, by file name. Healthy replicas write identical lines for the
     * same ordered input, so equal maps across replicas mean equal histories.
     */
    Map<String, String> auditLogs(String replica) throws IOException {
        Map<String, String> logs = new TreeMap<>();
        Path directory = replicaDirectory(replica).resolve("audit");
        if (!Files.isDirectory(directory)) {
            return logs;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                // Only the logs: the replica's own bookkeeping beside them differs from replica to replica.
                if (file.getFileName().toString().endsWith(".log")) {
                    logs.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        return logs;
    }

    /** SIGTERM to {@code dsms up}, which stops its processes and waits for them. */
    void stop() throws InterruptedException {
        if (up != null && up.isAlive()) {
            up.destroy();
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                killEverything();
            }
        }
    }

    /** kill -9 of every process of the cluster at once: a power cut. */
    void killEverything() throws InterruptedException {
        if (up == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(up.descendants().toList());
        all.add(up.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(failure -> process).join();
        }
        up.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The packaged dsms with {@code arguments}, on the JDK that runs the tests. */
    static List<String> dsmsCommand(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar().toString()));
        command.addAll(arguments);
        return command;
    }
}
