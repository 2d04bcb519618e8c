package dsms.node.process;

import dsms.core.Checks;
import dsms.protocol.ManagerAction;
import dsms.protocol.manager.ObservedStatus;
import dsms.protocol.manager.ReplicaManager;
import dsms.protocol.manager.ReplicaManagerConfig;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.NodeId;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica manager process: the manager role over UDP (probing, confirming crashes with the other
 * managers, counting wrong results), and the supervisor of its replica, which runs as a child
 * process.
 *
 * <p>The supervisor restarts the replica at once whenever it exits (a crash, a kill -9, a failed
 * disk write), backing off when it keeps dying right after starting. The manager's decisions are
 * carried out through the same path: RESTART kills the replica, which the supervisor starts again
 * with its data; REPLACE kills it, and the supervisor empties its data directory and starts it with
 * a marker that makes it take its state from its peers.
 *
 * <p>Once a replica has run for {@link #STANDBY_START_DELAY_MS}, the supervisor starts the next
 * replica process on standby ({@code --standby}): its JVM starts and loads the replica's code, then
 * waits without touching the data directory. The next start, after a crash or a replacement, calls
 * that process instead of starting a JVM, which on a busy 2-core machine takes up to a second.
 */
public final class ManagerProcess implements NodeDriver.EffectListener {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerProcess.class);
    /** The first wait before starting a replica that died soon after its previous start. */
    static final long RESTART_DELAY_MS_MIN = 50;
    static final long RESTART_DELAY_MS_MAX = 5_000;
    /** A replica that ran this long is healthy again: the next restart is immediate. */
    static final long HEALTHY_RUN_MS = 10_000;
    /**
     * A manager's shortest timer is its watch probe interval (100 ms by default), so a tick every
     * 10 ms keeps its timers to within a tenth of that. Ticking every millisecond, as the loops on
     * the operations' path do, woke each of the three managers about 860 times a second under load,
     * each wake-up taking one of the two cores from a loop that had work (4 % of all CPU time at
     * 60,000 operations a second, measured from /proc/PID/task/TID/schedstat).
     */
    static final long TICK_INTERVAL_NS = 10_000_000L;
    static final long REPORT_INTERVAL_NS = 250_000_000L;
    /**
     * How long a replica runs before its manager starts the next one on standby. A standby spares
     * a restart or a replacement the JVM's start (0.35 to 1.3 s on this project's 2-core machine,
     * docs/benchmarks-recovery.md), but starting one takes a core for a while itself: not while the
     * replica it would follow is still recovering, which takes one to two seconds.
     */
    static final long STANDBY_START_DELAY_MS = 5_000;

    private final ClusterLayout layout;
    private final int index;
    private final String name;
    private final Path configFile;
    private final Path dataDirectory;
    /**
     * A replica must miss probes for 3 s (not the LAN default of 1 s) before the managers call it
     * crashed. A process that dies is seen by its supervisor at once, whatever this timeout, so
     * the longer wait only concerns a hung process; while on a small machine under full load a
     * healthy replica can pause for a second (a checkpoint, a collection, a profiler attaching),
     * and killing it then costs a state transfer exactly when the cluster can least afford one.
     */
    static final long PROBE_TIMEOUT_NS = 3_000_000_000L;
    /** Longer than the probe timeout, so that every manager's finding arrives within the round. */
    static final long SUSPICION_ROUND_NS = 5_000_000_000L;

    private final ReplicaManagerConfig managerConfig = ReplicaManagerConfig.defaults()
            .withSuspicionRoundNs(SUSPICION_ROUND_NS).withProbeTimeoutNs(PROBE_TIMEOUT_NS);
    private final ReplicaManager manager;
    private final DiscardedState discarded;
    private volatile boolean running = true;
    private volatile boolean replaceOnExit;
    private volatile Process child;
    /** A replica process started ahead of need that waits for the call; null when there is none. */
    private Process standby;
    /** Guards {@link #standby}: the supervisor starts and calls it, the shutdown hook ends it. */
    private final Object standbyLock = new Object();
    /** Between the exit of a replica process and the start of the next one. */
    private volatile boolean replicaGone;
    /** Whether a replica process was ever started again; then {@link #shownDownUntilNs} counts. */
    private volatile boolean restartedOnce;
    /**
     * Until when (monotonic clock) the manager reports a restarted replica DOWN whatever its probes
     * said last: their last word may be about the dead process.
     */
    private volatile long shownDownUntilNs;
    /** When the current replica process was started, on the monotonic clock. */
    private volatile long childStartedNs;
    private volatile int restarts;
    private volatile int replacements;
    private volatile NodeDriver driver;
    private long nextReportNs;
    /** What the manager last told the front end; read by the thread that deletes discarded state. */
    private volatile ManagerReport lastReport;

    public ManagerProcess(ClusterLayout layout, int index, Path configFile) {
        this.layout = layout;
        this.index = index;
        this.name = NodeId.replicaName(index);
        this.configFile = configFile;
        this.dataDirectory = layout.dataDirectory(index);
        this.discarded = new DiscardedState(dataDirectory.resolve(DiscardedState.DIRECTORY_NAME));
        Checks.check(TICK_INTERVAL_NS <= Math.min(managerConfig.watchProbeIntervalNs(), managerConfig.healthProbeIntervalNs()) / 10,
                "a manager's tick of %d ns is at most a tenth of its probe intervals", TICK_INTERVAL_NS);
        this.manager = new ReplicaManager(NodeId.replicaManager(index), layout.shape(), managerConfig);
    }

    public void run(EpochClock clock) throws IOException, InterruptedException {
        Files.createDirectories(dataDirectory);
        // State discarded by a replacement before this manager stopped is deleted now.
        discarded.deleteInBackground(() -> true);
        // Under dsms up the archive exists already; a manager started on its own machine makes it.
        ClassDataArchive.ensure(Launcher.ownJar());
        Thread supervisor = new Thread(this::supervise, "replica-supervisor");
        supervisor.start();
        try (UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(NodeId.replicaManager(index)))) {
            driver = new NodeDriver(new LoggingRole(manager), endpoint, layout.newCodec(), layout.addressBook(), this, clock::nowNs,
                    TICK_INTERVAL_NS);
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "manager-shutdown"));
            driver.run();
        } finally {
            stop();
            supervisor.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    @Override
    public void acted(ManagerAction action) {
        boolean replace = action.kind() == ManagerAction.Kind.REPLACE;
        LOG.warn("manager {}: {} replica {} ({})", name, replace ? "replacing" : "restarting", name,
                replace ? "three consecutive wrong results" : "a majority of managers could not reach it");
        Process current = child;
        long childAgeNs = System.nanoTime() - childStartedNs;
        if (!replace && current != null && childAgeNs < managerConfig.suspicionRoundNs()) {
            // The process that could not be reached exited and was started again while the
            // managers were deciding: the verdict is about the dead process, not this one, which
            // is still starting. Killing it would only make the outage twice as long.
            LOG.info("manager {}: replica {} was already started again {} ms ago; keeping it", name, name,
                    childAgeNs / 1_000_000L);
            return;
        }
        replaceOnExit |= replace;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    /**
     * Reports to the front end every {@link #REPORT_INTERVAL_NS}, and at once when what it reports
     * changed (a restart, a replacement, a new observed status), so that the status page and the
     * tools that time recoveries see a manager's action when it happens rather than up to a report
     * interval later.
     */
    @Override
    public void afterCycle(long nowNs) {
        boolean shownDown = replicaGone || (restartedOnce && System.nanoTime() - shownDownUntilNs < 0);
        ManagerReport.ObservedState state =
                shownDown ? ManagerReport.ObservedState.DOWN : observedState(manager.observedStatus());
        ManagerReport report = new ManagerReport(index, state, restarts, replacements);
        if (nowNs < nextReportNs && report.equals(lastReport)) {
            return;
        }
        nextReportNs = nowNs + REPORT_INTERVAL_NS;
        lastReport = report;
        driver.execute(outbox -> outbox.send(NodeId.frontEnd(0), report));
    }

    private static ManagerReport.ObservedState observedState(ObservedStatus status) {
        return switch (status) {
            case UNKNOWN -> ManagerReport.ObservedState.UNKNOWN;
            case UP -> ManagerReport.ObservedState.UP;
            case RECOVERING -> ManagerReport.ObservedState.RECOVERING;
            case DOWN -> ManagerReport.ObservedState.DOWN;
        };
    }

    /**
     * The manager role, with its significant inputs logged: suspicions of its replica, and the
     * outcome of each suspicion round. Repeated suspicions within a second log once.
     */
    private final class LoggingRole implements dsms.protocol.ProtocolRole {
        private static final long SUSPICION_LOG_INTERVAL_NS = 1_000_000_000L;
        private final ReplicaManager role;
        private long lastSuspicionLoggedNs = Long.MIN_VALUE / 2;
        private long nowNs;
        private Object lastOutcome;

        LoggingRole(ReplicaManager role) {
            this.role = role;
        }

        @Override
        public NodeId id() {
            return role.id();
        }

        @Override
        public void onMessage(NodeId from, dsms.protocol.message.Message message, dsms.protocol.Outbox outbox) {
            if (message instanceof dsms.protocol.message.CrashSuspicion suspicion && suspicion.replicaIndex() == index
                    && nowNs - lastSuspicionLoggedNs >= SUSPICION_LOG_INTERVAL_NS) {
                lastSuspicionLoggedNs = nowNs;
                LOG.warn("manager {}: {} suspects replica {} of a crash; probing it", name, from, name);
            }
            role.onMessage(from, message, outbox);
            logRoundOutcome();
        }

        @Override
        public void onTick(long tickNs, dsms.protocol.Outbox outbox) {
            nowNs = tickNs;
            role.onTick(tickNs, outbox);
            logRoundOutcome();
        }

        private void logRoundOutcome() {
            Object outcome = role.lastRoundOutcome().orElse(null);
            if (outcome != null && outcome != lastOutcome) {
                LOG.info("manager {}: suspicion round ended {}", name, outcome);
            }
            lastOutcome = outcome;
        }
    }

    /** Runs the replica, and runs it again whenever it exits, until the manager stops. */
    private void supervise() {
        // The wait before the next start after a quick death; it doubles while deaths stay quick.
        long backoffMs = RESTART_DELAY_MS_MIN;
        boolean first = true;
        try {
            while (running) {
                NodeDriver loop = driver;
                if (!first && loop != null) {
                    // The grace a starting replica gets counts from its start, not from the decision.
                    loop.execute(outbox -> manager.replicaProcessStarted());
                }
                boolean firstStart = first;
                first = false;
                long startedNs = System.nanoTime();
                childStartedNs = startedNs;
                if (!firstStart) {
                    // Still reported down until a health probe of the new process had time to answer:
                    // the probes' last word is about the dead process. A restart can be so quick
                    // that, without this, nobody would ever see the replica down.
                    shownDownUntilNs = startedNs + managerConfig.healthProbeIntervalNs();
                    restartedOnce = true;
                }
                replicaGone = false;
                child = callStandbyOrStartReplica();
                Files.writeString(FaultFlags.pidFile(dataDirectory), Long.toString(child.pid()));
                LOG.info("manager {}: replica {} started (pid {}, restarts {}, replacements {})", name, name, child.pid(),
                        restarts, replacements);
                int exit = waitForExit(child);
                if (!running) {
                    return;
                }
                // Down from the moment the exit is seen; the report goes out at once.
                replicaGone = true;
                // The monotonic clock: a wall-clock step must not make a healthy run look short or long.
                long ranMs = (System.nanoTime() - startedNs) / 1_000_000L;
                // A replacement, or a replica that ran healthily, starts again at once: every
                // millisecond here is one the cluster runs with a replica short. Only a replica that
                // keeps dying right after it starts waits, longer each time.
                long delayMs;
                if (replaceOnExit) {
                    replaceOnExit = false;
                    replacements++;
                    emptyDataDirectory();
                    delayMs = 0;
                    backoffMs = RESTART_DELAY_MS_MIN;
                } else if (ranMs >= HEALTHY_RUN_MS) {
                    restarts++;
                    delayMs = 0;
                    backoffMs = RESTART_DELAY_MS_MIN;
                } else {
                    restarts++;
                    delayMs = backoffMs;
                    backoffMs = Math.min(RESTART_DELAY_MS_MAX, backoffMs * 2);
                }
                LOG.warn("manager {}: replica {} exited with status {} after {} ms; starting it in {} ms", name, name,
                        exit, ranMs, delayMs);
                TimeUnit.MILLISECONDS.sleep(delayMs);
            }
        } catch (IOException e) {
            LOG.error("manager {}: cannot run replica {}: {}", name, name, e.getMessage());
            driver.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A replaced replica throws its state away: log, snapshots, audit logs and injected faults.
     * The state is moved aside at once (a rename) and deleted later by {@link DiscardedState}: with
     * a large market the audit logs alone are tens of thousands of files, and deleting them before
     * the new replica starts kept it from serving for seconds.
     */
    private void emptyDataDirectory() throws IOException {
        for (String part : List.of("wal", "snapshots", "audit")) {
            discarded.moveAside(dataDirectory.resolve(part));
        }
        Files.deleteIfExists(FaultFlags.byzantineFlag(dataDirectory));
        Files.writeString(FaultFlags.replacedMarker(dataDirectory), "take the state from peers\n");
        discarded.deleteInBackground(this::replicaIsUp);
    }

    /** Whether the manager's probes last found its replica live. */
    private boolean replicaIsUp() {
        return lastReport != null && lastReport.status() == ManagerReport.ObservedState.UP;
    }

    /**
     * Waits for the replica process to exit, starting the next one on standby once it has run for
     * {@link #STANDBY_START_DELAY_MS}.
     */
    private int waitForExit(Process replica) throws InterruptedException, IOException {
        if (!replica.waitFor(STANDBY_START_DELAY_MS, TimeUnit.MILLISECONDS)) {
            synchronized (standbyLock) {
                if (running && (standby == null || !standby.isAlive())) {
                    standby = startReplica(true);
                    LOG.info("manager {}: a replica {} stands by (pid {})", name, name, standby.pid());
                }
            }
        }
        return replica.waitFor();
    }

    /**
     * The next replica process: the one standing by, called, when there is one alive that takes the
     * call; else a new one.
     */
    private Process callStandbyOrStartReplica() throws IOException {
        Process ready = takeStandby();
        if (ready != null) {
            try {
                OutputStream call = ready.getOutputStream();
                call.write(Launcher.CALL_BYTE);
                call.flush();
                LOG.info("manager {}: called replica {} from standby (pid {})", name, name, ready.pid());
                return ready;
            } catch (IOException e) {
                LOG.warn("manager {}: the replica standing by did not take the call ({}); starting a new one", name,
                        e.getMessage());
                ready.destroyForcibly();
            }
        }
        return startReplica(false);
    }

    /** Hands over the replica standing by if it is alive, leaving none. */
    private Process takeStandby() {
        synchronized (standbyLock) {
            Process ready = standby;
            standby = null;
            return ready != null && ready.isAlive() ? ready : null;
        }
    }

    private Process startReplica(boolean asStandby) throws IOException {
        List<String> command = new ArrayList<>(Launcher.javaCommand(JvmOptions.Role.REPLICA));
        command.addAll(List.of("start", "replica", "--config", configFile.toString(), "--id", name));
        if (asStandby) {
            command.add("--standby");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DSMS_PROCESS", "replica-" + name);
        builder.environment().put(Launcher.WATCH_PARENT_ENVIRONMENT, "1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("replica.log").toFile()));
        return builder.start();
    }

    private void stop() {
        running = false;
        if (driver != null) {
            driver.stop();
        }
        Process spare = takeStandby();
        if (spare != null) {
            // It has not touched the data directory: nothing to wait for.
            spare.destroyForcibly();
        }
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
