package dsms.simulation.workload;

import dsms.core.Checks;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.Command;
import dsms.market.result.Result;
import dsms.market.workload.WorkloadGenerator;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.message.RequestId;
import dsms.simulation.check.Check;
import dsms.simulation.check.CheckFailure;
import dsms.simulation.cluster.SimulatedCluster;
import dsms.simulation.trace.TraceEvent;
import java.util.SplittableRandom;

/**
 * One client of the front end: it makes its requests one after another, learns from each agreed
 * result (so its next requests make sense: it sells what it bought), and retries a request that
 * ended in a system error with the same request ID, as {@link ClientPolicy} says.
 */
final class SimulatedClient {
    private final int index;
    private final long clientId;
    private final int requestsMax;
    private final WorkloadGenerator generator;
    private final ClientPolicy policy;
    private final SplittableRandom random;
    private State state = State.THINKING;
    private int requestsAnswered;
    private long counter;
    private RequestId requestId;
    private Command command;
    private byte[] commandBytes;
    private int attempts;
    private int refusals;
    private RequestOutcome.Status lastStatus;
    private long retries;

    private enum State {
        THINKING,
        AWAITING_ANSWER,
        BACKING_OFF,
        FINISHED
    }

    SimulatedClient(int index, int requestsMax, WorkloadGenerator generator, ClientPolicy policy, SplittableRandom random) {
        this.index = index;
        this.clientId = Workload.FIRST_CLIENT_ID + index;
        this.requestsMax = requestsMax;
        this.generator = generator;
        this.policy = policy;
        this.random = random;
        if (requestsMax == 0) {
            state = State.FINISHED;
        }
    }

    long clientId() {
        return clientId;
    }

    boolean isFinished() {
        return state == State.FINISHED;
    }

    long retries() {
        return retries;
    }

    /** Starts thinking about the first request. */
    void start(SimulatedCluster cluster) {
        if (state == State.THINKING) {
            cluster.wakeClientAt(cluster.nowNs() + thinkTimeNs(), index);
        }
    }

    void wakeUp(SimulatedCluster cluster) {
        Checks.check(state == State.THINKING || state == State.BACKING_OFF,
                "client %d wakes only to act, not while %s", clientId, state);
        if (state == State.THINKING) {
            counter++;
            requestId = new RequestId(clientId, counter);
            command = generator.next();
            commandBytes = CommandCodec.encode(command);
            attempts = 0;
            refusals = 0;
            lastStatus = null;
        }
        submit(cluster);
    }

    private void submit(SimulatedCluster cluster) {
        SubmitResult admission = cluster.submit(requestId, commandBytes);
        cluster.trace().record(cluster.nowNs(), name(), new TraceEvent.Submitted(
                requestId, command.operation(), attempts + 1, admission.name()));
        switch (admission) {
            case ACCEPTED -> {
                attempts++;
                refusals = 0;
                state = State.AWAITING_ANSWER;
            }
            case REFUSED_ALREADY_PENDING, REFUSED_FULL -> {
                refusals++;
                CheckFailure.require(refusals <= policy.refusalsMax(), Check.LIVENESS,
                        "client %d gave up on %s: the front end refused it %d times in a row (%s)",
                        clientId, requestId, refusals, admission);
                state = State.BACKING_OFF;
                cluster.wakeClientAt(cluster.nowNs() + policy.refusalBackoffNs(), index);
            }
            case REFUSED_TOO_LARGE -> Checks.check(false, "workload commands fit the front end's limit: %d bytes", commandBytes.length);
        }
    }

    void onOutcome(RequestOutcome outcome, SimulatedCluster cluster) {
        CheckFailure.require(
                state == State.AWAITING_ANSWER && outcome.requestId().equals(requestId),
                Check.FRONT_END_CONTRACT,
                "client %d got an answer for %s (%s) while %s %s",
                clientId, outcome.requestId(), outcome.status(), state, requestId);
        lastStatus = outcome.status();
        if (outcome.status() == RequestOutcome.Status.AGREED) {
            learn(outcome);
            requestsAnswered++;
            state = requestsAnswered == requestsMax ? State.FINISHED : State.THINKING;
            if (state == State.THINKING) {
                cluster.wakeClientAt(cluster.nowNs() + thinkTimeNs(), index);
            }
            return;
        }
        CheckFailure.require(attempts < policy.attemptsMax(), Check.LIVENESS,
                "client %d gave up on %s (%s) after %d attempts, the last %s",
                clientId, requestId, command.operation(), attempts, outcome.status());
        retries++;
        state = State.BACKING_OFF;
        long backoffNs = policy.backoffNs(attempts);
        cluster.wakeClientAt(cluster.nowNs() + backoffNs / 2 + random.nextLong(backoffNs / 2 + 1), index);
    }

    private void learn(RequestOutcome outcome) {
        // The agreed answer already matched the reference market, so it decodes.
        Result result = ResultCodec.decode(outcome.result()).orElseThrow(
                () -> new CheckFailure(Check.AGREED_ANSWER, "the agreed answer to " + requestId + " is no valid result"));
        generator.observe(result);
    }

    private long thinkTimeNs() {
        return policy.thinkTimeNsMax() == 0 ? 0 : random.nextLong(policy.thinkTimeNsMax() + 1);
    }

    String name() {
        return "client" + clientId;
    }

    /** Where the client is, for a liveness report. */
    String describe() {
        return name() + " " + state + " " + requestsAnswered + "/" + requestsMax
                + (requestId == null ? "" : ", " + requestId + " " + command.operation() + " attempt " + attempts
                        + (lastStatus == null ? "" : " last " + lastStatus));
    }
}
