package dsms.node.process;

import dsms.node.config.ClusterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Operator fault injection on this machine's replicas, allowed only when the cluster config
 * enables it. {@code dsms fault} and {@code dsms bench --crash} both go through here, so a crash
 * in a benchmark is exactly the crash an operator injects by hand.
 */
public final class FaultInjector {
    /** Fault injection cannot go ahead as asked: it is off, or the replica does not exist. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** The replica has no live process on this machine to kill. */
    public static final class NotRunningException extends Exception {
        private static final long serialVersionUID = 1L;

        NotRunningException(String message) {
            super(message);
        }
    }

    private final ClusterLayout layout;

    private FaultInjector(ClusterLayout layout) {
        this.layout = layout;
    }

    /** An injector for the cluster read from {@code configFile}; refused when its config does not enable fault injection. */
    public static FaultInjector of(ClusterConfig cluster, Path configFile) throws RefusedException {
        if (!cluster.faultInjection()) {
            throw new RefusedException("fault injection is off in " + configFile + " (faultInjection: false)");
        }
        return new FaultInjector(new ClusterLayout(cluster, configFile));
    }

    /** The replica's data directory on this machine; refused when the cluster has no such replica. */
    public Path dataDirectory(String replica) throws RefusedException {
        try {
            return layout.dataDirectory(layout.replicaIndex(replica));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage());
        }
    }

    /** The replica's name as the cluster spells it (B for b). */
    public static String name(String replica) {
        return replica.toUpperCase(Locale.ROOT);
    }

    /** The live process of the replica on this machine, as its manager recorded it. */
    public ProcessHandle runningProcess(String replica) throws RefusedException, NotRunningException, IOException {
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(Files.readString(FaultFlags.pidFile(dataDirectory(replica))).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            process = Optional.empty();
        }
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new NotRunningException("replica " + name(replica) + " is not running on this machine");
        }
        return process.get();
    }

    /** kill -9 of the replica's process; its manager restarts it. Returns the killed process's pid. */
    public long crash(String replica) throws RefusedException, NotRunningException, IOException {
        ProcessHandle process = runningProcess(replica);
        // kill -9: the process gets no chance to clean up, as in a real crash.
        process.destroyForcibly();
        return process.pid();
    }

    /** Makes the replica return wrong results until it is healed or replaced. */
    public void byzantine(String replica) throws RefusedException, IOException {
        Path dataDirectory = dataDirectory(replica);
        Files.createDirectories(dataDirectory);
        Files.writeString(FaultFlags.byzantineFlag(dataDirectory), "wrong results until healed or replaced\n");
    }

    /** Removes an injected wrong-result fault; returns whether there was one. */
    public boolean heal(String replica) throws RefusedException, IOException {
        return Files.deleteIfExists(FaultFlags.byzantineFlag(dataDirectory(replica)));
    }
}
