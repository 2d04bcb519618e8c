package dsms.node.cli;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ClusterConfig.FrontEndConfig;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.config.ClusterConfig.ReplicaConfig;
import dsms.node.config.ClusterConfig.SequencerConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.config.ConfigWriter;
import dsms.node.process.ClassDataArchive;
import dsms.node.process.JvmOptions;
import dsms.node.process.Launcher;
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
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsms up}: a whole cluster on this machine. Writes DIR/cluster.conf with a fresh secret
 * (or reuses the one there, so that starting again after a stop keeps the cluster's data), starts
 * every replica under its manager, the sequencer and the front end, prints the front end's URL,
 * and runs until interrupted, when it stops everything it started.
 */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "up", description = "Start a whole cluster on this machine; runs until interrupted.")
public final class UpCommand implements Callable<Integer> {
    /** Ports are laid out from the HTTP port, so two clusters on one machine need only two --port values. */
    static final int FRONT_END_UDP_OFFSET = 1;
    static final int SEQUENCER_OFFSET = 2;
    static final int STREAM_OFFSET = 3;
    static final int REPLICA_OFFSET = 10;
    static final int MANAGER_OFFSET = 20;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--mode", paramLabel = "crash|byzantine", description = "failure mode (default: crash)")
    String mode;

    @Option(names = "--replicas", paramLabel = "N", description = "number of replicas, 3 or more (default: 3)")
    Integer replicas;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: ${DEFAULT-VALUE})")
    Path data = Path.of("dsms-data");

    @Option(names = "--port", paramLabel = "PORT", description = "the front end's HTTP port (default: ${DEFAULT-VALUE})")
    int port = 8080;

    private final List<Process> children = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path configFile = data.resolve("cluster.conf");
        ClusterConfig config;
        try {
            config = Files.exists(configFile) ? reuse(configFile) : create(configFile);
        } catch (ConfigException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        if (config == null) {
            return DsmsCommand.EXIT_USAGE;
        }
        // Once per build of the jar: every process of the cluster then starts faster, restarted replicas above all.
        ClassDataArchive.ensure(Launcher.ownJar());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "up-shutdown"));
        Path logs = Files.createDirectories(data.resolve("logs"));
        for (ReplicaConfig replica : config.replicas()) {
            start(configFile, logs, "manager", replica.id());
        }
        start(configFile, logs, "sequencer", "0");
        start(configFile, logs, "frontend", "0");
        String url = "http://" + config.frontEnd().host() + ":" + config.frontEnd().httpPort() + "/";
        if (!awaitReady(url)) {
            System.err.println("dsms: the front end did not come up within " + READY_TIMEOUT.toSeconds()
                    + " s; see the logs in " + logs);
            return 3;
        }
        System.out.println("DSMS is up: " + url + " (" + config.mode().name().toLowerCase(Locale.ROOT) + " mode, "
                + config.replicaCount() + " replicas, config " + configFile + ")");
        if (config.frontEnd().streamPort() != null) {
            System.out.println("The stream protocol (docs/STREAM-PROTOCOL.md) listens on " + config.frontEnd().host() + ":"
                    + config.frontEnd().streamPort() + ".");
        }
        System.out.println("Logs are in " + logs + ". Press Ctrl-C to stop every process.");
        System.out.flush();
        waitForChildren();
        return 0;
    }

    private ClusterConfig reuse(Path configFile) throws ConfigException {
        ClusterConfig config = ConfigLoader.load(configFile);
        if (mode != null && !mode.equalsIgnoreCase(config.mode().name())
                || replicas != null && replicas != config.replicaCount()) {
            System.err.println("dsms: the cluster in " + data + " was created with mode "
                    + config.mode().name().toLowerCase(Locale.ROOT) + " and " + config.replicaCount()
                    + " replicas; use another --data directory for a different cluster");
            return null;
        }
        System.out.println("Reusing the cluster in " + data + " (its data is kept).");
        return config;
    }

    private ClusterConfig create(Path configFile) throws IOException, ConfigException {
        FailureMode failureMode;
        try {
            failureMode = FailureMode.valueOf((mode == null ? "crash" : mode).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--mode must be crash or byzantine, not '" + mode + "'");
        }
        int count = replicas == null ? 3 : replicas;
        if (count < 3 || count > 9) {
            throw new ConfigException("--replicas must be 3 to 9, not " + count);
        }
        if (port < 1 || port + MANAGER_OFFSET + count > 65_535) {
            throw new ConfigException("--port " + port + " leaves no room for the cluster's other ports");
        }
        String host = "127.0.0.1";
        List<ReplicaConfig> replicaConfigs = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            replicaConfigs.add(new ReplicaConfig(String.valueOf((char) ('A' + index)), host,
                    port + REPLICA_OFFSET + index, port + MANAGER_OFFSET + index, null));
        }
        ClusterConfig config = new ClusterConfig(failureMode, ConfigWriter.newSecret(new SecureRandom()), true,
                FsyncPolicy.ALWAYS, new FrontEndConfig(host, port, port + FRONT_END_UDP_OFFSET, port + STREAM_OFFSET),
                new SequencerConfig(host, port + SEQUENCER_OFFSET), replicaConfigs, null);
        ConfigWriter.write(config, configFile);
        // Validate what was written exactly as every process will read it.
        return ConfigLoader.load(configFile);
    }

    private void start(Path configFile, Path logs, String role, String id) throws IOException {
        List<String> command = new ArrayList<>(Launcher.javaCommand(JvmOptions.Role.ofCommandName(role)));
        command.addAll(List.of("start", role, "--config", configFile.toString(), "--id", id));
        ProcessBuilder builder = new ProcessBuilder(command);
        String name = role.equals("manager") ? "manager-" + id : role;
        builder.environment().put("DSMS_PROCESS", name);
        builder.environment().put(Launcher.WATCH_PARENT_ENVIRONMENT, "1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        synchronized (children) {
            children.add(builder.start());
        }
    }

    private boolean awaitReady(String url) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "api/v1/status"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadlineNs = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadlineNs) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet: the front end's JVM is still starting.
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return false;
    }

    private void waitForChildren() throws InterruptedException {
        List<Process> started;
        synchronized (children) {
            started = List.copyOf(children);
        }
        for (Process child : started) {
            child.waitFor();
        }
    }

    private void stopAll() {
        List<Process> started;
        synchronized (children) {
            started = List.copyOf(children);
        }
        started.forEach(Process::destroy);
        for (Process child : started) {
            try {
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
