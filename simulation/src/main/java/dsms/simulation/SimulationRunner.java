package dsms.simulation;

import dsms.protocol.frontend.FrontEndStats;
import dsms.protocol.message.NodeId;
import dsms.simulation.check.Check;
import dsms.simulation.check.CheckFailure;
import dsms.simulation.check.Checkers;
import dsms.simulation.check.LivenessCheck;
import dsms.simulation.cluster.NodeStatus;
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

    /** Runs the scenario {@code seed} draws under {@code options}. */
    public static SimulationResult run(long seed, SimulationOptions options) {
        SplittableRandom random = new SplittableRandom(seed);
        Scenario scenario;
        try {
            scenario = Scenario.draw(seed, options, random);
        } catch (RuntimeException unexpected) {
            return new SimulationResult.Failed(seed, "(no scenario: drawing it failed)", RunStats.none(),
                    Check.UNEXPECTED_EXCEPTION, describe(unexpected), List.of(), options.replayCommand(seed));
        }
        return run(scenario, random, options);
    }

    /**
     * Runs a scenario written by hand (see {@link Scenario#scripted}); its seed drives the network
     * and the clients. The options' trace sink is used; the rest of the options is the scenario's.
     */
    public static SimulationResult run(Scenario scenario, SimulationOptions options) {
        return run(scenario, new SplittableRandom(scenario.seed()), options);
    }

    private static SimulationResult run(Scenario scenario, SplittableRandom random, SimulationOptions options) {
        Trace trace = options.traceSink()
                .map(sink -> Trace.full(SimulatedCluster.START_NS, sink))
                .orElseGet(() -> Trace.tailOnly(SimulatedCluster.START_NS));
        scenario.describe().forEach(trace::header);
        Run run = null;
        try {
            run = new Run(scenario, trace, random);
            run.execute();
            return new SimulationResult.Passed(scenario.seed(), scenario.summary(), run.stats());
        } catch (CheckFailure failure) {
            return failed(scenario, run, trace, options, failure.check(), failure.detail());
        } catch (RuntimeException unexpected) {
            return failed(scenario, run, trace, options, Check.UNEXPECTED_EXCEPTION, describe(unexpected));
        }
    }

    private static SimulationResult.Failed failed(
            Scenario scenario, Run run, Trace trace, SimulationOptions options, Check check, String detail) {
        trace.header("FAILED " + check + ": " + detail);
        return new SimulationResult.Failed(
                scenario.seed(), scenario.summary(), run == null ? RunStats.none() : run.stats(), check, detail,
                trace.tail(), options.replayCommand(scenario.seed()));
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
            long crashes = 0;
            long restarts = 0;
            for (int index = 0; index < cluster.shape().replicaCount(); index++) {
                restarts += cluster.incarnation(index);
                deduplicated += cluster.replica(index).stats().entriesDeduplicated();
                crashes += cluster.status(NodeId.replica(index)) == NodeStatus.CRASHED ? 1 : 0;
            }
            FrontEndStats frontEnd = cluster.frontEnd().stats();
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
                    network.reordered,
                    cluster.socketBufferOverflows(),
                    cluster.datagramsRejected(),
                    cluster.sequencer().highestAssignedSequence(),
                    cluster.outcomes().size(),
                    frontEnd.answeredNoQuorum() + frontEnd.answeredTimedOut() + frontEnd.answeredOverloaded(),
                    clients.retries(),
                    deduplicated,
                    crashes,
                    awaiting,
                    restarts,
                    checkers.checkpointsCompared());
        }
    }
}
