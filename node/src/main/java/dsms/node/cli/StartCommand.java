package dsms.node.cli;

import dsms.market.MarketService;
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
import dsms.protocol.replica.Replica;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsms start ROLE --config FILE --id ID}: one process of a cluster. */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "start", description = "Run one process of a cluster: frontend, sequencer, replica or manager.")
public final class StartCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

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

    /**
     * Starts a replica ahead of need: the JVM starts, reads the config and loads the replica's code,
     * then waits without touching the data directory until its manager calls it ({@link
     * Launcher#awaitCall}). A manager keeps one standing by, so that a restart or a replacement does
     * not wait for a JVM to start.
     */
    @Option(names = "--standby", hidden = true)
    boolean standby;

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
        if (standby) {
            if (parsedRole != Role.REPLICA || !Launcher.watchesParent()) {
                System.err.println("dsms: --standby is for replicas started by their manager");
                return DsmsCommand.EXIT_USAGE;
            }
            standBy(layout);
        }
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

    /**
     * Does what a replica's start does before it touches its data directory (the codec and its
     * MAC, the classes of the replica's loop and market, logging), then waits for the call.
     */
    private void standBy(ClusterLayout layout) throws InterruptedException, ClassNotFoundException {
        layout.newCodec();
        for (Class<?> type : List.of(ReplicaProcess.class, Replica.class, MarketService.class)) {
            Class.forName(type.getName(), true, type.getClassLoader());
        }
        LOG.info("replica {} standing by (pid {}) until its manager calls it", id, ProcessHandle.current().pid());
        Launcher.awaitCall();
        LOG.info("replica {} called from standby", id);
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
