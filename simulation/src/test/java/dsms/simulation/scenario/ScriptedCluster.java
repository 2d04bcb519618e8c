package dsms.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.Command;
import dsms.market.result.Result;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultVerdict;
import dsms.simulation.check.Checkers;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.cluster.SimulatedCluster;
import dsms.simulation.fault.Fault;
import dsms.simulation.network.NetworkFaults;
import dsms.simulation.trace.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A simulated cluster driven step by step by a test, as one client would: submit a command, wait
 * for its answer, inject a fault at a precise moment. Every check runs as it goes (total order,
 * exactly-once, answers against the reference market, invariants); {@link #assertConsistent()}
 * adds the final state checks. The full trace is kept for assertions.
 */
final class ScriptedCluster {
    static final long MILLISECOND_NS = 1_000_000L;
    static final long SECOND_NS = 1_000 * MILLISECOND_NS;
    private static final long CLIENT_ID = 1;
    private static final long ANSWER_WAIT_NS_MAX = 30 * SECOND_NS;

    private final SimulatedCluster cluster;
    private final Checkers checkers = new Checkers();
    private final List<String> trace = new ArrayList<>();
    /** Per request, how many answers it had when last submitted: the next one answers that submit. */
    private final Map<RequestId, Long> answersBeforeSubmit = new HashMap<>();
    private long nextCounter = 1;

    ScriptedCluster(ClusterSetup setup, long seed) {
        this.cluster = new SimulatedCluster(
                setup, new SplittableRandom(seed), NetworkFaults.PERFECT, Trace.full(SimulatedCluster.START_NS, trace::add), checkers);
        checkers.watch(cluster);
    }

    static ScriptedCluster of(int replicaCount, FailureMode mode) {
        return new ScriptedCluster(ClusterSetup.defaults(new ClusterShape(replicaCount, mode)), 1);
    }

    SimulatedCluster cluster() {
        return cluster;
    }

    /** The request ID the next {@link #submit} will use. */
    RequestId nextRequestId() {
        return new RequestId(CLIENT_ID, nextCounter);
    }

    RequestId submit(Command command) {
        RequestId requestId = new RequestId(CLIENT_ID, nextCounter++);
        submitAgain(requestId, command);
        return requestId;
    }

    /** Submits a request again with the same ID, as a client retrying after a system error. */
    void submitAgain(RequestId requestId, Command command) {
        answersBeforeSubmit.put(requestId, answersTo(requestId).count());
        assertThat(cluster.submit(requestId, CommandCodec.encode(command))).isEqualTo(SubmitResult.ACCEPTED);
    }

    /** Waits (in simulated time) for the front end's answer to the latest submit of the request. */
    RequestOutcome answer(RequestId requestId) {
        long before = answersBeforeSubmit.get(requestId);
        boolean answered = cluster.runUntil(() -> answersTo(requestId).count() > before, cluster.nowNs() + ANSWER_WAIT_NS_MAX);
        assertThat(answered).as("an answer to %s", requestId).isTrue();
        return answersTo(requestId).skip(before).findFirst().orElseThrow();
    }

    /** Submits, waits, and returns the agreed result decoded. */
    Result execute(Command command) {
        RequestOutcome outcome = answer(submit(command));
        assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.AGREED);
        return ResultCodec.decode(outcome.result()).orElseThrow();
    }

    static Result decode(RequestOutcome outcome) {
        return ResultCodec.decode(outcome.result()).orElseThrow();
    }

    private Stream<RequestOutcome> answersTo(RequestId requestId) {
        return cluster.outcomes().stream().filter(outcome -> outcome.requestId().equals(requestId));
    }

    void apply(Fault fault) {
        cluster.apply(fault);
    }

    /** Lets simulated time pass: timers fire, retransmissions and suspicions happen. */
    void settle(long durationNs) {
        cluster.runFor(durationNs);
    }

    /** Invariants on every correct replica, and equal states among those at the same sequence number. */
    void assertConsistent() {
        checkers.checkFinalState();
    }

    /** The replicas the front end reported as suspected crashes, by index. */
    List<Integer> suspectedReplicas() {
        return cluster.managerMessages().stream()
                .filter(message -> message.message() instanceof CrashSuspicion)
                .map(message -> ((CrashSuspicion) message.message()).replicaIndex())
                .distinct()
                .toList();
    }

    /** The verdicts the front end sent about one replica (each goes to every manager; counted once). */
    List<ResultVerdict.Verdict> verdictsAbout(int replica) {
        return cluster.managerMessages().stream()
                .filter(message -> message.to().index() == 0 && message.message() instanceof ResultVerdict)
                .map(message -> (ResultVerdict) message.message())
                .filter(verdict -> verdict.replicaIndex() == replica)
                .map(ResultVerdict::verdict)
                .toList();
    }

    List<String> trace() {
        return trace;
    }
}
