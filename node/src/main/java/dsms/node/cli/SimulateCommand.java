package dsms.node.cli;

import dsms.protocol.FailureMode;
import dsms.simulation.SimulationOptions;
import dsms.simulation.SimulationResult;
import dsms.simulation.SimulationRunner;
import dsms.simulation.breakage.DeliberateBug;
import dsms.simulation.fault.FaultProfile;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsms simulate}: runs the deterministic simulator over a batch of seeds, or replays one
 * seed with its readable trace.
 *
 * <p>Exit status: 0 every seed passed, 1 a seed failed (its report names the check, the first
 * divergence and the command that replays it), 2 usage error.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        version = DsmsCommand.VERSION,
        description = {
            "Run whole simulated clusters (real protocol code, seeded network and faults) and check them.",
            "  dsms simulate --seeds N [--from S]   runs seeds S..S+N-1 (S defaults to 1)",
            "  dsms simulate --seed S --trace       replays one seed, printing every event"
        })
public final class SimulateCommand implements Callable<Integer> {
    /** A progress line goes to stderr after every this many seeds of a batch. */
    static final int PROGRESS_EVERY_SEEDS = 100;
    /** Seeds of a batch handed to worker threads ahead of the one being reported, per thread. */
    private static final int SEEDS_IN_FLIGHT_PER_THREAD = 4;
    private static final int EXIT_FAILED = 1;

    @Option(names = "--seeds", paramLabel = "N", description = "run N seeds, from --from on")
    Long seedCount;

    @Option(names = "--from", paramLabel = "S", description = "the first seed of a batch (default: 1)")
    long firstSeed = 1;

    @Option(names = "--seed", paramLabel = "S", description = "run (replay) this one seed")
    Long singleSeed;

    @Option(names = "--trace", description = "with --seed: print every event (time, node, event)")
    boolean trace;

    @Option(names = "--replicas", paramLabel = "N", description = "replicas, 3 to 7 (default: 3 or 4, per seed)")
    Integer replicaCount;

    @Option(names = "--mode", paramLabel = "MODE", description = "crash or byzantine (default: per seed)")
    String mode;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "fault profile (default: per seed), one of: ${COMPLETION-CANDIDATES}",
            completionCandidates = ProfileNames.class)
    String profile;

    @Option(names = "--break", paramLabel = "BUG", description = "put a bug in on purpose, to see the simulator catch it: "
            + "${COMPLETION-CANDIDATES}", completionCandidates = BugNames.class)
    String deliberateBug;

    @Option(names = "--threads", paramLabel = "T", description = "seeds run in parallel in a batch (default: the number of processors)")
    Integer threads;

    /** The fault profiles a seed can be given, for the help text. */
    static final class ProfileNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(FaultProfile.values()).filter(FaultProfile::isDrawable).map(FaultProfile::cliName).iterator();
        }
    }

    /** The deliberate bugs, for the help text. */
    static final class BugNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return bugNames().iterator();
        }
    }

    private static java.util.List<String> bugNames() {
        return Arrays.stream(DeliberateBug.values()).filter(bug -> bug != DeliberateBug.NONE).map(DeliberateBug::cliName).toList();
    }

    @Override
    public Integer call() {
        SimulationOptions options;
        try {
            options = options();
        } catch (UsageException usage) {
            System.err.println("dsms: " + usage.getMessage());
            System.err.println("Run 'dsms simulate --help' for usage.");
            return DsmsCommand.EXIT_USAGE;
        }
        return singleSeed != null ? replay(singleSeed, options) : batch(options);
    }

    private SimulationOptions options() {
        if ((seedCount == null) == (singleSeed == null)) {
            throw new UsageException("give either --seeds N (a batch) or --seed S (one seed)");
        }
        if (seedCount != null && seedCount < 1) {
            throw new UsageException("--seeds must be at least 1, not " + seedCount);
        }
        if (trace && singleSeed == null) {
            throw new UsageException("--trace goes with --seed S: a batch's traces would be too long to read");
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be at least 1, not " + threads);
        }
        SimulationOptions options = SimulationOptions.defaults();
        if (replicaCount != null) {
            if (replicaCount < SimulationOptions.REPLICA_COUNT_MIN || replicaCount > SimulationOptions.REPLICA_COUNT_MAX) {
                throw new UsageException("--replicas must be within " + SimulationOptions.REPLICA_COUNT_MIN + ".."
                        + SimulationOptions.REPLICA_COUNT_MAX + ", not " + replicaCount);
            }
            options = options.withReplicaCount(replicaCount);
        }
        FailureMode failureMode = mode == null ? null : parseMode(mode);
        FaultProfile faultProfile = profile == null ? null : parseProfile(profile);
        if (failureMode != null && faultProfile != null && !faultProfile.allows(failureMode)) {
            throw new UsageException("profile " + faultProfile.cliName() + " needs byzantine mode");
        }
        if (failureMode != null) {
            options = options.withMode(failureMode);
        }
        if (faultProfile != null) {
            options = options.withProfile(faultProfile);
        }
        if (deliberateBug != null) {
            options = options.withDeliberateBug(parseBug(deliberateBug));
        }
        return options;
    }

    private static FailureMode parseMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "crash" -> FailureMode.CRASH;
            case "byzantine" -> FailureMode.BYZANTINE;
            default -> throw new UsageException("--mode is crash or byzantine, not '" + text + "'");
        };
    }

    private static FaultProfile parseProfile(String text) {
        try {
            FaultProfile parsed = FaultProfile.ofCliName(text);
            if (parsed.isDrawable()) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // Reported below with the list of names.
        }
        String names = Arrays.stream(FaultProfile.values()).filter(FaultProfile::isDrawable)
                .map(FaultProfile::cliName).collect(Collectors.joining(", "));
        throw new UsageException("--profile is one of " + names + ", not '" + text + "'");
    }

    private static DeliberateBug parseBug(String text) {
        try {
            DeliberateBug parsed = DeliberateBug.ofCliName(text);
            if (parsed != DeliberateBug.NONE) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // Reported below with the list of names.
        }
        throw new UsageException("--break is one of " + String.join(", ", bugNames()) + ", not '" + text + "'");
    }

    private int replay(long seed, SimulationOptions options) {
        PrintStream out = System.out;
        SimulationResult result = SimulationRunner.run(seed, trace ? options.withTrace(out::println) : options);
        if (result instanceof SimulationResult.Failed failed) {
            out.print(failed.report());
            return EXIT_FAILED;
        }
        out.println("seed " + seed + " passed: " + result.scenario());
        out.println("  run: " + result.stats().describe());
        return 0;
    }

    private int batch(SimulationOptions options) {
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threadCount);
        try {
            return runBatch(options, pool, threadCount * SEEDS_IN_FLIGHT_PER_THREAD);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs the batch's seeds on the pool, a bounded number ahead, and reports them in seed order,
     * stopping at the first failure so that its seed is the lowest failing one.
     */
    private int runBatch(SimulationOptions options, ExecutorService pool, int seedsInFlightMax) {
        long startNs = System.nanoTime();
        long lastSeed = firstSeed + seedCount - 1;
        ArrayDeque<Future<SimulationResult>> inFlight = new ArrayDeque<>();
        long nextToSubmit = firstSeed;
        for (long seed = firstSeed; seed <= lastSeed; seed++) {
            while (nextToSubmit <= lastSeed && inFlight.size() < seedsInFlightMax) {
                long submitted = nextToSubmit++;
                inFlight.addLast(pool.submit(() -> SimulationRunner.run(submitted, options)));
            }
            SimulationResult result = await(inFlight.removeFirst());
            if (result instanceof SimulationResult.Failed failed) {
                System.out.print(failed.report());
                System.out.println("seed " + failed.seed() + " failed (" + failed.check() + "); replay it with: "
                        + failed.replayCommand());
                return EXIT_FAILED;
            }
            long done = seed - firstSeed + 1;
            if (done % PROGRESS_EVERY_SEEDS == 0 && done < seedCount) {
                System.err.printf(Locale.ROOT, "dsms simulate: %d of %d seeds passed (%.1f s)%n",
                        done, seedCount, (System.nanoTime() - startNs) / 1e9);
            }
        }
        System.out.println(seedCount + " seeds passed");
        return 0;
    }

    private static SimulationResult await(Future<SimulationResult> future) {
        try {
            return future.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a seed", interrupted);
        } catch (ExecutionException failed) {
            // The runner turns every failure of a run into a result; this is a bug in the runner.
            throw new IllegalStateException("the simulation runner threw", failed.getCause());
        }
    }

    /** A bad combination of options: exit status 2 with a one-line explanation. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
