package dsms.node.cli;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.process.ClusterLayout;
import dsms.node.process.EpochClock;
import dsms.node.process.FrontEndProcess;
import dsms.node.process.Launcher;
import dsms.node.process.ManagerProcess;
import dsms.node.process.ReplicaProcess;
import dsms.node.process.SequencerProcess;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsms start ROLE --config FILE --id ID}: one process of a cluster. */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "start", description = "Run one process of a cluster: frontend, sequencer, replica or manager.")
public final class StartCommand implements Callable<Integer> {

    enum Role {
        FRONTEND,
        SEQUENCER,
        REPLICA,
        MANAGER
    }

    @Parameters(index = "0", paramLabel = "ROLE", description = "frontend, sequencer, replica or manager")
    String role;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the cluster config")
    Path config;

    @Option(names = "--id", paramLabel = "ID",
            description = "the replica's letter (A, B, ...) for replica and manager; 0 for frontend and sequencer")
    String id = "0";

    /**
     * Stops a replica right after it recovered its state and opened its endpoint: the training run
     * of the class-data archive ({@code ClassDataArchive}) loads what a replica's start loads, then
     * exits normally so that the JVM writes the archive.
     */
    @Option(names = "--exit-after-start", hidden = true)
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        Role parsedRole;
        try {
            parsedRole = Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("dsms: unknown role '" + role + "': expected frontend, sequencer, replica or manager");
            return DsmsCommand.EXIT_USAGE;
        }
        ClusterConfig cluster;
        try {
            cluster = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        ClusterLayout layout = new ClusterLayout(cluster, config);
        Launcher.exitWithParent();
        try {
            return run(parsedRole, layout);
        } catch (BindException e) {
            System.err.println("dsms: cannot listen where the config says (" + e.getMessage()
                    + "): is another process using the port?");
            return 3;
        }
    }

    private int run(Role parsedRole, ClusterLayout layout) throws Exception {
        EpochClock clock = new EpochClock();
        switch (parsedRole) {
            case FRONTEND -> FrontEndProcess.run(layout, clock);
            case SEQUENCER -> SequencerProcess.run(layout, clock);
            case REPLICA, MANAGER -> {
                Integer index = replicaIndex(layout);
                if (index == null) {
                    return DsmsCommand.EXIT_USAGE;
                }
                if (parsedRole == Role.REPLICA) {
                    new ReplicaProcess(layout, index).run(clock, exitAfterStart);
                } else {
                    new ManagerProcess(layout, index, config).run(clock);
                }
            }
        }
        return 0;
    }

    private Integer replicaIndex(ClusterLayout layout) {
        try {
            return layout.replicaIndex(id);
        } catch (IllegalArgumentException e) {
            System.err.println("dsms: " + e.getMessage() + "; replicas are named A, B, C...");
            return null;
        }
    }
}
