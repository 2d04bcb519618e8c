package dsms.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.cli.DsmsCommand;
import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.process.ClusterLayout;
import dsms.node.process.FaultFlags;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsms bench recovery}: how long a replica with a large state takes to serve again after
 * it is restarted from its own disk (kill -9) and after it is replaced (it returns wrong results,
 * its manager throws its state away and it takes the state from its peers), and how much memory
 * each process of the cluster holds with that state.
 *
 * <p>It runs against a cluster on this machine ({@code dsms up}; replacement needs {@code --mode
 * byzantine}, where wrong results are detected), first loading the holdings if they are not there
 * yet ({@link HoldingsLoader}).
 *
 * <p>How a recovery is timed: while a light stream of reads keeps the cluster busy, the fault is
 * injected, and the front end's status is polled every {@code --poll-ms}. The manager's decision is
 * the first poll at which the replica's manager reports one more restart or replacement (managers
 * report a change at once); the replica serves again at the first poll at which it has answered a
 * request ordered after that decision, which only the new process can have done. Both ends are
 * seen within one poll interval plus the time the status takes to travel, so each figure is
 * accurate to about two poll intervals.
 */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "recovery", description = "Load N holdings, then time a replica's restart from disk and its replacement.")
public final class RecoveryBench implements Callable<Integer> {
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** The reader that keeps requests flowing during a recovery: a buyer the plan never uses. */
    static final String READER = "TOKB9999";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines the replica logs about its recovery, quoted in the report as the replica's own account. */
    private static final Pattern RECOVERY_LINE = Pattern.compile(
            "replica \\w+ (started.*|installed a checkpoint .*|is live at sequence .*)");
    /** The line a replica process standing by logs (ManagerProcess, StartCommand's --standby). */
    private static final Pattern STANDING_BY = Pattern.compile("replica \\w+ standing by \\(pid (\\d+)\\)");
    /**
     * How long to wait before a fault for the replica's manager to have the next process standing
     * by, as it does a few seconds after each start: the figures are those of a fault that meets a
     * standby, as faults that do not follow each other within seconds do.
     */
    static final Duration STANDBY_WAIT_MAX = Duration.ofSeconds(30);

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config = Path.of("dsms-data", "cluster.conf");

    @Option(names = "--holdings", paramLabel = "N", description = "holdings in the market (default: ${DEFAULT-VALUE})")
    long holdings = 10_000;

    @Option(names = "--holdings-per-buyer", paramLabel = "H", description = "holdings each buyer gets (default: ${DEFAULT-VALUE})")
    int holdingsPerBuyer = 34;

    @Option(names = "--connections", paramLabel = "C", description = "connections that load the holdings (default: ${DEFAULT-VALUE})")
    int connections = 16;

    @Option(names = "--replica", paramLabel = "ID", description = "the replica to restart and replace (default: ${DEFAULT-VALUE})")
    String replica = "C";

    @Option(names = "--scenarios", paramLabel = "LIST", split = ",",
            description = "restart, replace or both (default: both; replace needs a byzantine-mode cluster)")
    List<String> scenarios = List.of("restart", "replace");

    @Option(names = "--poll-ms", paramLabel = "MS", description = "status poll and read interval (default: ${DEFAULT-VALUE})")
    long pollMs = 20;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "longest wait for one recovery (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = 120;

    @Option(names = "--no-memory", description = "skip the memory figures (they run a full GC in every process)")
    boolean skipMemory;

    @Option(names = "--json", description = "print one JSON object with every figure")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.err;
        ClusterConfig cluster;
        HoldingsPlan plan;
        List<Scenario> chosen = new ArrayList<>();
        try {
            cluster = ConfigLoader.load(config);
            plan = new HoldingsPlan(holdings, holdingsPerBuyer);
            for (String name : scenarios) {
                chosen.add(Scenario.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("dsms: " + e.getMessage());
            return 2;
        }
        if (connections < 1 || pollMs < 1 || timeoutSeconds < 1) {
            System.err.println("dsms: --connections, --poll-ms and --timeout must be positive");
            return 2;
        }
        ClusterLayout layout = new ClusterLayout(cluster, config);
        int replicaIndex;
        try {
            replicaIndex = layout.replicaIndex(replica);
        } catch (IllegalArgumentException e) {
            System.err.println("dsms: " + e.getMessage());
            return 2;
        }
        String host = cluster.frontEnd().host();
        int port = cluster.frontEnd().httpPort();
        ApiKeys keys = new ApiKeys(cluster.secret());
        ObjectNode out = JSON.createObjectNode();
        out.put("holdings", holdings).put("holdingsPerBuyer", holdingsPerBuyer).put("buyers", plan.buyerCount())
                .put("shares", plan.shares().size()).put("replica", replica.toUpperCase(Locale.ROOT))
                .put("mode", cluster.mode().name().toLowerCase(Locale.ROOT)).put("pollMs", pollMs);

        if (!awaitServing(host, port, keys.issue(READER), Duration.ofSeconds(timeoutSeconds))) {
            System.err.println("dsms: the cluster at http://" + host + ":" + port + " did not serve within " + timeoutSeconds
                    + " s");
            return 3;
        }
        HoldingsLoader.Report load = new HoldingsLoader(host, port, keys, connections, progress).load(plan);
        out.set("load", JSON.valueToTree(load));
        if (load.failures() > 0) {
            System.err.println("dsms: " + load.failures() + " operations of the load failed, e.g. " + load.failuresListed());
            System.out.println(out);
            return 1;
        }
        progress.println(load.skipped() ? "the holdings are loaded already" : String.format(Locale.ROOT,
                "loaded in %.1f s: %,d shares created, %,d units bought, %,d held already", load.seconds(),
                load.sharesCreated(), load.unitsBought(), load.unitsAlreadyHeld()));

        try (StatusPoller status = new StatusPoller(host, port);
                Reader reader = new Reader(host, port, keys.issue(READER), pollMs)) {
            reader.start();
            awaitSettled(status, Duration.ofSeconds(timeoutSeconds));
            if (!skipMemory) {
                progress.println("measuring memory (a full GC in every process)...");
                out.set("memory", memory(layout));
            }
            ArrayNode recoveries = out.putArray("recoveries");
            for (Scenario scenario : chosen) {
                if (scenario == Scenario.REPLACE && cluster.mode() != ClusterConfig.FailureMode.BYZANTINE) {
                    progress.println("skipping replace: wrong results are detected only in a byzantine-mode cluster"
                            + " (dsms up --mode byzantine)");
                    continue;
                }
                if (!cluster.faultInjection()) {
                    System.err.println("dsms: fault injection is off in " + config + " (faultInjection: false)");
                    return 2;
                }
                progress.println("timing " + scenario.name().toLowerCase(Locale.ROOT) + " of replica " + replica + "...");
                ObjectNode figures = time(scenario, layout, replicaIndex, status);
                recoveries.add(figures);
                awaitSettled(status, Duration.ofSeconds(timeoutSeconds));
            }
            out.put("readsDuringRecoveries", reader.answered()).put("readsFailed", reader.failed());
        }
        if (json) {
            System.out.println(out);
        } else {
            print(out);
        }
        return 0;
    }

    /** The faults this benchmark times. */
    enum Scenario {
        /** kill -9 of the replica process: its manager starts it again and it recovers from its own disk. */
        RESTART,
        /** Wrong results until the manager replaces the replica, which then takes its state from peers. */
        REPLACE
    }

    private ObjectNode time(Scenario scenario, ClusterLayout layout, int replicaIndex, StatusPoller status)
            throws IOException, InterruptedException {
        Path dataDirectory = layout.dataDirectory(replicaIndex);
        Path replicaLog = dataDirectory.resolve("replica.log");
        long logOffset = Files.exists(replicaLog) ? Files.size(replicaLog) : 0;
        String counter = scenario == Scenario.RESTART ? "restarts" : "replacements";
        JsonNode before = status.replica(replicaIndex);
        long countBefore = before.path(counter).asLong();
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);

        boolean standbyReady = awaitStandby(dataDirectory, replicaLog);
        long injectedNs = System.nanoTime();
        if (scenario == Scenario.RESTART) {
            long pid = Long.parseLong(Files.readString(FaultFlags.pidFile(dataDirectory)).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } else {
            Files.writeString(FaultFlags.byzantineFlag(dataDirectory), "wrong results until replaced (dsms bench recovery)\n");
        }

        long decidedNs = 0;
        long sequenceAtDecision = 0;
        long servingNs = 0;
        while (servingNs == 0) {
            if (System.nanoTime() > deadlineNs) {
                throw new IOException("replica " + replica + " did not serve again within " + timeoutSeconds + " s of the "
                        + scenario.name().toLowerCase(Locale.ROOT));
            }
            JsonNode all = status.poll();
            long nowNs = System.nanoTime();
            JsonNode victim = all.path("replicas").get(replicaIndex);
            if (decidedNs == 0) {
                if (victim.path(counter).asLong() > countBefore) {
                    decidedNs = nowNs;
                    for (JsonNode row : all.path("replicas")) {
                        sequenceAtDecision = Math.max(sequenceAtDecision, row.path("lastSeq").asLong());
                    }
                }
            } else if (victim.path("lastSeq").asLong() > sequenceAtDecision) {
                servingNs = nowNs;
            }
            TimeUnit.MILLISECONDS.sleep(pollMs);
        }
        if (scenario == Scenario.REPLACE) {
            // The manager's emptying of the data directory removes the flag; make sure of it.
            Files.deleteIfExists(FaultFlags.byzantineFlag(dataDirectory));
        }
        ObjectNode figures = JSON.createObjectNode();
        figures.put("scenario", scenario.name().toLowerCase(Locale.ROOT))
                .put("faultToDecisionMs", millis(decidedNs - injectedNs))
                .put("decisionToServingMs", millis(servingNs - decidedNs))
                .put("faultToServingMs", millis(servingNs - injectedNs))
                .put("sequenceAtDecision", sequenceAtDecision)
                .put("standbyReady", standbyReady);
        ArrayNode lines = figures.putArray("replicaLog");
        recoveryLines(replicaLog, logOffset).forEach(lines::add);
        return figures;
    }

    /** Waits until a read goes the whole way round (front end, sequencer, replicas, vote). */
    private boolean awaitServing(String host, int port, String key, Duration timeout) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        try (PlainHttpConnection connection = new PlainHttpConnection(host, port, STATUS_TIMEOUT)) {
            while (System.nanoTime() < deadlineNs) {
                try {
                    if (connection.post(BenchRequests.OPERATIONS_PATH + "getShares", "Bearer " + key, "{}").status() == 200) {
                        return true;
                    }
                } catch (IOException e) {
                    // Not listening yet, or not serving yet: the processes are still starting.
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        return false;
    }

    /** Waits until every replica is UP and none lags behind, as before a fault and after a recovery. */
    private void awaitSettled(StatusPoller status, Duration timeout) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean settled = true;
            for (JsonNode row : status.poll().path("replicas")) {
                settled &= row.path("status").asText().equals("UP") && row.path("lag").asLong() == 0;
            }
            if (settled) {
                return;
            }
            if (System.nanoTime() > deadlineNs) {
                throw new IOException("the replicas did not all come up level within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(pollMs);
        }
    }

    /** Each local process of the cluster: its role, its pid, its heap after a full GC and its resident set. */
    private ArrayNode memory(ClusterLayout layout) throws IOException, InterruptedException {
        ArrayNode rows = JSON.createArrayNode();
        for (int index = 0; index < layout.config().replicaCount(); index++) {
            Path dataDirectory = layout.dataDirectory(index);
            String name = layout.config().replicas().get(index).id();
            try {
                addMemoryRow(rows, "replica", name, Long.parseLong(Files.readString(FaultFlags.pidFile(dataDirectory)).trim()));
            } catch (NoSuchFileException | NumberFormatException e) {
                // Not on this machine.
            }
            findProcess("start manager", "--id " + name).ifPresent(pid -> addMemoryRowUnchecked(rows, "manager", name, pid));
        }
        findProcess("start sequencer", "").ifPresent(pid -> addMemoryRowUnchecked(rows, "sequencer", "0", pid));
        findProcess("start frontend", "").ifPresent(pid -> addMemoryRowUnchecked(rows, "frontend", "0", pid));
        return rows;
    }

    /** The local process started with this config file whose command line has both fragments. */
    private Optional<Long> findProcess(String role, String idFragment) {
        String configName = config.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses().filter(process -> {
            String line = process.info().commandLine().orElse("");
            Optional<String> configArgument = argumentAfter(line, "--config");
            return line.contains(role) && line.contains(idFragment) && configArgument.isPresent()
                    && Path.of(configArgument.get()).toAbsolutePath().normalize().toString().equals(configName);
        }).map(ProcessHandle::pid).findFirst();
    }

    private static Optional<String> argumentAfter(String commandLine, String option) {
        String[] words = commandLine.split(" ");
        for (int index = 0; index + 1 < words.length; index++) {
            if (words[index].equals(option)) {
                return Optional.of(words[index + 1]);
            }
        }
        return Optional.empty();
    }

    private void addMemoryRowUnchecked(ArrayNode rows, String role, String id, long pid) {
        try {
            addMemoryRow(rows, role, id, pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void addMemoryRow(ArrayNode rows, String role, String id, long pid) throws InterruptedException {
        ProcessMemory.Figures figures = ProcessMemory.measure(pid);
        rows.addObject().put("role", role).put("id", id).put("pid", pid)
                .put("heapUsedAfterGcBytes", figures.heapUsedAfterGcBytes())
                .put("heapCommittedBytes", figures.heapCommittedBytes()).put("residentBytes", figures.residentBytes());
    }

    /**
     * Waits, at most {@link #STANDBY_WAIT_MAX}, until the replica's log names a live process standing
     * by other than the replica itself; false when none came.
     */
    private boolean awaitStandby(Path dataDirectory, Path replicaLog) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + STANDBY_WAIT_MAX.toNanos();
        while (true) {
            Optional<Long> standby = latestStandby(replicaLog);
            long replicaPid = Long.parseLong(Files.readString(FaultFlags.pidFile(dataDirectory)).trim());
            if (standby.isPresent() && standby.get() != replicaPid
                    && ProcessHandle.of(standby.get()).map(ProcessHandle::isAlive).orElse(false)) {
                return true;
            }
            if (System.nanoTime() > deadlineNs) {
                System.err.println("no replica process stands by for replica " + replica + "; timing a fresh start");
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(pollMs);
        }
    }

    /** The process the replica's log last named as standing by. */
    static Optional<Long> latestStandby(Path replicaLog) throws IOException {
        if (!Files.exists(replicaLog)) {
            return Optional.empty();
        }
        Matcher matcher = STANDING_BY.matcher(Files.readString(replicaLog, StandardCharsets.UTF_8));
        Long pid = null;
        while (matcher.find()) {
            pid = Long.parseLong(matcher.group(1));
        }
        return Optional.ofNullable(pid);
    }

    /** The replica's own log lines about its recovery, written after {@code offset}. */
    private static List<String> recoveryLines(Path replicaLog, long offset) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(replicaLog)) {
            return lines;
        }
        byte[] bytes = Files.readAllBytes(replicaLog);
        String text = new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                StandardCharsets.UTF_8);
        Matcher matcher = RECOVERY_LINE.matcher(text);
        while (matcher.find()) {
            lines.add(matcher.group());
        }
        return lines;
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private static void print(ObjectNode out) {
        System.out.printf(Locale.ROOT, "%,d holdings (%,d buyers, %,d shares), %s mode, replica %s%n",
                out.path("holdings").asLong(), out.path("buyers").asLong(), out.path("shares").asLong(),
                out.path("mode").asText(), out.path("replica").asText());
        for (JsonNode row : out.path("memory")) {
            System.out.printf(Locale.ROOT, "  %-9s %s  heap after full GC %6.1f MiB of %6.1f MiB committed, resident %6.1f MiB%n",
                    row.path("role").asText(), row.path("id").asText(), mebibytes(row.path("heapUsedAfterGcBytes").asLong()),
                    mebibytes(row.path("heapCommittedBytes").asLong()), mebibytes(row.path("residentBytes").asLong()));
        }
        for (JsonNode recovery : out.path("recoveries")) {
            System.out.printf(Locale.ROOT, "  %-8s fault to decision %5d ms, decision to serving %5d ms, fault to serving %5d ms%n",
                    recovery.path("scenario").asText(), recovery.path("faultToDecisionMs").asLong(),
                    recovery.path("decisionToServingMs").asLong(), recovery.path("faultToServingMs").asLong());
            for (JsonNode line : recovery.path("replicaLog")) {
                System.out.println("           " + line.asText());
            }
        }
        System.out.printf(Locale.ROOT, "  reads during the recoveries: %d answered, %d failed%n",
                out.path("readsDuringRecoveries").asLong(), out.path("readsFailed").asLong());
    }

    private static double mebibytes(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }

    /** Polls the front end's status over one kept-alive connection. */
    private static final class StatusPoller implements AutoCloseable {
        private final PlainHttpConnection connection;

        StatusPoller(String host, int port) {
            this.connection = new PlainHttpConnection(host, port, STATUS_TIMEOUT);
        }

        JsonNode poll() throws IOException {
            PlainHttpConnection.Response response = connection.get("/api/v1/status");
            if (response.status() != 200) {
                throw new IOException("the front end's status answered " + response.status());
            }
            return JSON.readTree(response.body());
        }

        JsonNode replica(int index) throws IOException {
            return poll().path("replicas").get(index);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /**
     * Reads a buyer's holdings every poll interval, so that requests flow through the whole path
     * while a replica recovers: they are what a recovered replica answers, and what a replica with
     * injected wrong results gets wrong.
     */
    private static final class Reader implements AutoCloseable {
        private final PlainHttpConnection connection;
        private final String authorization;
        private final long intervalMs;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long answered;
        private volatile long failed;

        Reader(String host, int port, String key, long intervalMs) {
            this.connection = new PlainHttpConnection(host, port, STATUS_TIMEOUT);
            this.authorization = "Bearer " + key;
            this.intervalMs = intervalMs;
            this.thread = new Thread(this::run, "recovery-reader");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                try {
                    PlainHttpConnection.Response response = connection.post(BenchRequests.OPERATIONS_PATH + "getShares",
                            authorization, "{}");
                    if (response.status() == 200) {
                        answered++;
                    } else {
                        failed++;
                    }
                } catch (IOException e) {
                    failed++;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long answered() {
            return answered;
        }

        long failed() {
            return failed;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            connection.close();
        }
    }
}
