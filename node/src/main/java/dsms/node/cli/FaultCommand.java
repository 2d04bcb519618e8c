package dsms.node.cli;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.process.FaultInjector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsms fault crash|byzantine|heal REPLICA}: operator fault injection on this machine's
 * replicas, allowed only when the cluster config enables it.
 */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "fault", description = "Inject a fault: crash (kill -9), byzantine (wrong results) or heal REPLICA.")
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
        FaultInjector injector;
        try {
            cluster = ConfigLoader.load(config);
            injector = FaultInjector.of(cluster, config);
            // An unknown replica is a usage error whatever the fault, so it is checked before the fault's name.
            injector.dataDirectory(replica);
        } catch (ConfigException | FaultInjector.RefusedException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        String name = FaultInjector.name(replica);
        try {
            switch (fault.toLowerCase(Locale.ROOT)) {
                case "crash" -> {
                    long pid = injector.crash(replica);
                    System.out.println("replica " + name + " killed (pid " + pid + "); its manager restarts it");
                    return 0;
                }
                case "byzantine" -> {
                    injector.byzantine(replica);
                    System.out.println("replica " + name + " now returns wrong results (until healed or replaced)");
                    return 0;
                }
                case "heal" -> {
                    boolean was = injector.heal(replica);
                    System.out.println(was ? "replica " + name + " healed" : "replica " + name + " had no injected fault");
                    return 0;
                }
                default -> {
                    System.err.println("dsms: unknown fault '" + fault + "': expected crash, byzantine or heal");
                    return DsmsCommand.EXIT_USAGE;
                }
            }
        } catch (FaultInjector.RefusedException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        } catch (FaultInjector.NotRunningException e) {
            System.err.println("dsms: " + e.getMessage());
            return ClientCommand.EXIT_UNAVAILABLE;
        }
    }
}
