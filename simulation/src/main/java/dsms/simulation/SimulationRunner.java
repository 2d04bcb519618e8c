package dsms.simulation;

import dsms.simulation.check.Check;
import dsms.simulation.check.CheckFailure;
import dsms.simulation.check.Checkers;
import dsms.simulation.check.LivenessCheck;
import dsms.simulation.cluster.SimulatedCluster;
import dsms.simulation.fault.FaultPlan;
import dsms.simulation.trace.Trace;
import dsms.simulation.workload.ClientPopulation;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one seed: draws its scenario, runs the cluster through the faulty phase and on until every
 * request is answered and every live replica caught up, checking all the way, then checks the
 * final states. The same seed and options give the same run, trace included, byte for byte.
 */
public final class SimulationRunner {
    private static final long SECOND_NS = 1_000_000_000L;
    /** Simulated time after every fault healed within which liveness must be reached. */
    public static final long LIVENESS_DEADLINE_NS = 60 * SECOND_NS;
    /** Events one run may handle: a bound that ends a runaway run (a storm that never calms). */
    public static final long EVENTS_PER_RUN_MAX = 20_000_000L;
    /** Stack frames an unexpected exception's report shows. */
    private static final int STACK_FRAMES_SHOWN_MAX = 8;

    private SimulationRunner() {}

    public static SimulationResult run(long seed, SimulationOptions options) {
        SplittableRandom random = new SplittableRandom(seed);
        Scenario scenario = Scenario.draw(seed, options, random);
        Trace trace = options.traceSink()
                .map(sink -> Trace.full(SimulatedCluster.START_NS, sink))
                .orElseGet(() -> Trace.tailOnly(SimulatedCluster.START_NS));
        scenario.describe().forEach(trace::header);
        Run run = new Run(scenario, trace, random);
        try {
            run.execute();
            return new SimulationResult.Passed(seed, scenario.summary(), run.stats());
        } catch (CheckFailure failure) {
            return failed(run, options, failure.check(), failure.detail());
        } catch (RuntimeException unexpected) {
            return failed(run, options, Check.UNEXPECTED_EXCEPTION, describe(unexpected));
        }
    }

    private static SimulationResult.Failed failed(Run run, SimulationOptions options, Check check, String detail) {
        Scenario scenario = run.scenario;
        run.trace.header("FAILED " + check + ": " + detail);
        return new SimulationResult.Failed(
                scenario.seed(), scenario.summary(), run.stats(), check, detail, run.trace.tail(),
                options.replayCommand(scenario.seed()));
    }

    private static String describe(RuntimeException exception) {
        StringBuilder text = new StringBuilder(exception.toString());
        StackTraceElement[] frames = exception.getStackTrace();
        for (int index = 0; index < Math.min(frames.length, STACK_FRAMES_SHOWN_MAX); index++) {
            text.append("\n      at ").append(frames[index]);
        }
        return text.toString();
    }

    /** One run's parts, kept together so that a failure anywhere can still report statistics. */
    private static final class Run {
        private final Scenario scenario;
        private final Trace trace;
        private final Checkers checkers = new Checkers();
        private final SimulatedCluster cluster;
        private final ClientPopulation clients;
        private final LivenessCheck liveness;

        Run(Scenario scenario, Trace trace, SplittableRandom random) {
            this.scenario = scenario;
            this.trace = trace;
            this.cluster = new SimulatedCluster(
                    scenario.clusterSetup(), random.split(), dsms.simulation.network.NetworkFaults.PERFECT, trace, checkers);
            checkers.watch(cluster);
            this.clients = new ClientPopulation(cluster, scenario.workload(), scenario.clientPolicy(), random.split());
            cluster.attachClients(clients);
            this.liveness = new LivenessCheck(cluster, clients);
        }

        void execute() {
            FaultPlan plan = scenario.faultPlan();
            for (FaultPlan.ScheduledFault scheduled : plan.faults()) {
                cluster.schedule(SimulatedCluster.START_NS + scheduled.afterNs(), scheduled.fault());
            }
            clients.start();
            long healNs = SimulatedCluster.START_NS + plan.healAtNs();
            boolean reached = cluster.runUntil(this::isDone, healNs + LIVENESS_DEADLINE_NS);
            if (!reached) {
                throw liveness.failure(cluster.nowNs() - healNs);
            }
            checkers.checkFinalState();
        }

        private boolean isDone() {
            CheckFailure.require(cluster.eventsProcessed() < EVENTS_PER_RUN_MAX, Check.LIVENESS,
                    "the run did not calm down within %d events", EVENTS_PER_RUN_MAX);
            return cluster.isHealed() && liveness.isSatisfied();
        }

        RunStats stats() {
            long deduplicated = 0;
            for (int index = 0; index < cluster.shape().replicaCount(); index++) {
                deduplicated += cluster.replica(index).stats().entriesDeduplicated();
            }
            var network = cluster.networkCounters();
            List<Integer> awaiting = liveness.replicasAwaitingStateTransfer();
            return new RunStats(
                    cluster.nowNs() - SimulatedCluster.START_NS,
                    cluster.eventsProcessed(),
                    network.sent,
                    network.lost,
                    network.duplicated,
                    network.corrupted,
                    network.cut,
                    cluster.datagramsRejected(),
                    cluster.sequencer().highestAssignedSequence(),
                    cluster.outcomes().size(),
                    clients.retries(),
                    deduplicated,
                    awaiting);
        }
    }
}
