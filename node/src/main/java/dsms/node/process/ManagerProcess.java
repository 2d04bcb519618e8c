package dsms.node.process;

import dsms.protocol.message.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica manager process: runs its replica as a child process and restarts it at once when it
 * exits (a crash, a kill -9, a failed disk write). Restarts back off when the replica keeps dying
 * right after starting, so a replica that cannot start does not spin a core.
 */
public final class ManagerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerProcess.class);
    static final long RESTART_DELAY_MS_MIN = 50;
    static final long RESTART_DELAY_MS_MAX = 5_000;
    /** A replica that ran this long is healthy again: the next restart is immediate. */
    static final long HEALTHY_RUN_MS = 10_000;

    private final ClusterLayout layout;
    private final int index;
    private final Path configFile;
    private volatile boolean running = true;
    private volatile Process child;
    private volatile int restarts;

    public ManagerProcess(ClusterLayout layout, int index, Path configFile) {
        this.layout = layout;
        this.index = index;
        this.configFile = configFile;
    }

    public void run() throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "manager-shutdown"));
        Path dataDirectory = layout.dataDirectory(index);
        Files.createDirectories(dataDirectory);
        String name = NodeId.replicaName(index);
        long delayMs = RESTART_DELAY_MS_MIN;
        while (running) {
            long startedMs = System.currentTimeMillis();
            child = startReplica(dataDirectory);
            Files.writeString(FaultFlags.pidFile(dataDirectory), Long.toString(child.pid()));
            LOG.info("manager {}: replica {} started (pid {}, restarts so far {})", name, name, child.pid(), restarts);
            int exit = child.waitFor();
            if (!running) {
                break;
            }
            restarts++;
            long ranMs = System.currentTimeMillis() - startedMs;
            delayMs = ranMs >= HEALTHY_RUN_MS ? RESTART_DELAY_MS_MIN : Math.min(RESTART_DELAY_MS_MAX, delayMs * 2);
            LOG.warn("manager {}: replica {} exited with status {} after {} ms; restarting in {} ms", name, name, exit,
                    ranMs, delayMs);
            TimeUnit.MILLISECONDS.sleep(delayMs);
        }
    }

    public int restarts() {
        return restarts;
    }

    private Process startReplica(Path dataDirectory) throws IOException {
        List<String> command = new ArrayList<>(Launcher.javaCommand());
        command.addAll(List.of("start", "replica", "--config", configFile.toString(), "--id", NodeId.replicaName(index)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DSMS_PROCESS", "replica-" + NodeId.replicaName(index));
        builder.environment().put(Launcher.WATCH_PARENT_ENVIRONMENT, "1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("replica.log").toFile()));
        return builder.start();
    }

    private void stop() {
        running = false;
        Process current = child;
        if (current != null && current.isAlive()) {
            current.destroy();
            try {
                if (!current.waitFor(5, TimeUnit.SECONDS)) {
                    current.destroyForcibly();
                }
            } catch (InterruptedException e) {
                current.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
