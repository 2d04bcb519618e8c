package dsms.node.web;

import static org.awaitility.Awaitility.await;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigLoader;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A whole cluster as {@code java -jar dsms.jar up} starts it, in its own data directory: the
 * processes, managers restarting replicas, everything real. Closing it stops the up process and
 * anything it left behind.
 */
final class ClusterProcess implements AutoCloseable {
    /** Ports {@code dsms up} lays out above its HTTP port (UpCommand: up to the managers at +20). */
    private static final List<Integer> PORT_OFFSETS = List.of(0, 1, 2, 10, 11, 12, 20, 21, 22);
    private static final int PORT_BASE_MIN = 18_600;
    private static final int PORT_BASE_SPAN = 300;

    private final Process process;
    private final Path data;
    private final int httpPort;

    private ClusterProcess(Process process, Path data, int httpPort) {
        this.process = process;
        this.data = data;
        this.httpPort = httpPort;
    }

    static ClusterProcess start(Path jar, Path directory) throws IOException {
        int port = freePortBase();
        Path data = directory.resolve("dsms-data");
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-jar", jar.toString(), "up", "--port",
                String.valueOf(port), "--data", data.toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(directory.resolve("up.out").toFile());
        ClusterProcess cluster = new ClusterProcess(builder.start(), data, port);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(cluster::answersStatus);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    ClusterConfig config() throws Exception {
        return ConfigLoader.load(data.resolve("cluster.conf"));
    }

    /** The pid of replica {@code id}'s current process, as its manager recorded it. */
    long replicaPid(String id) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("replica-" + id).resolve("replica.pid")).trim());
    }

    private boolean answersStatus() {
        if (!process.isAlive()) {
            throw new IllegalStateException("dsms up exited with status " + process.exitValue());
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/status"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops {@code dsms up} (which stops its children), then anything still running under it. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A port base whose every port the cluster needs is free now. */
    private static int freePortBase() throws IOException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = PORT_BASE_MIN + random.nextInt(PORT_BASE_SPAN);
            if (PORT_OFFSETS.stream().allMatch(offset -> isFree(base + offset))) {
                return base;
            }
        }
        throw new IOException("no free port range for a cluster from " + PORT_BASE_MIN);
    }

    private static boolean isFree(int port) {
        try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return tcp.getLocalPort() == port && udp.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
