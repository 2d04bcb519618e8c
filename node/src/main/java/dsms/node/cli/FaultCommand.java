package dsms.node.cli;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.process.ClusterLayout;
import dsms.node.process.FaultFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsms fault crash|byzantine|heal REPLICA}: operator fault injection on this machine's
 * replicas, allowed only when the cluster config enables it.
 */
@Command(name = "fault", description = "Inject a fault: crash (kill -9), byzantine (wrong results) or heal REPLICA.")
public final class FaultCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "crash|byzantine|heal", description = "the fault")
    String fault;

    @Parameters(index = "1", paramLabel = "REPLICA", description = "the replica's letter, e.g. B")
    String replica;

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config = ClusterEndpoint.DEFAULT_CONFIG;

    @Override
    public Integer call() throws IOException {
        ClusterConfig cluster;
        try {
            cluster = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        if (!cluster.faultInjection()) {
            System.err.println("dsms: fault injection is off in " + config + " (faultInjection: false)");
            return DsmsCommand.EXIT_USAGE;
        }
        ClusterLayout layout = new ClusterLayout(cluster, config);
        int index;
        try {
            index = layout.replicaIndex(replica);
        } catch (IllegalArgumentException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        Path dataDirectory = layout.dataDirectory(index);
        String name = replica.toUpperCase(Locale.ROOT);
        switch (fault.toLowerCase(Locale.ROOT)) {
            case "crash" -> {
                return crash(dataDirectory, name);
            }
            case "byzantine" -> {
                Files.createDirectories(dataDirectory);
                Files.writeString(FaultFlags.byzantineFlag(dataDirectory), "wrong results until healed or replaced\n");
                System.out.println("replica " + name + " now returns wrong results (until healed or replaced)");
                return 0;
            }
            case "heal" -> {
                boolean was = Files.deleteIfExists(FaultFlags.byzantineFlag(dataDirectory));
                System.out.println(was ? "replica " + name + " healed" : "replica " + name + " had no injected fault");
                return 0;
            }
            default -> {
                System.err.println("dsms: unknown fault '" + fault + "': expected crash, byzantine or heal");
                return DsmsCommand.EXIT_USAGE;
            }
        }
    }

    private static int crash(Path dataDirectory, String name) throws IOException {
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(Files.readString(FaultFlags.pidFile(dataDirectory)).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            process = Optional.empty();
        }
        if (process.isEmpty() || !process.get().isAlive()) {
            System.err.println("dsms: replica " + name + " is not running on this machine");
            return ClientCommand.EXIT_UNAVAILABLE;
        }
        // kill -9: the process gets no chance to clean up, as in a real crash.
        process.get().destroyForcibly();
        System.out.println("replica " + name + " killed (pid " + process.get().pid() + "); its manager restarts it");
        return 0;
    }
}
