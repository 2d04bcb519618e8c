package dsms.simulation.check;

import dsms.protocol.Delivery;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly-once execution on every replica: a request ID is EXECUTED at most once, and a
 * DEDUPLICATED entry names the sequence number of that execution and returns its result.
 *
 * <p>Across replicas, a request is executed at one sequence number only: the first execution any
 * replica reported fixes it, and an execution elsewhere in the order is a second one.
 *
 * <p>A replica whose state was rebuilt (from its disk, or from a checkpoint by state transfer)
 * forgets only the executions after the checkpoint it got back: executing those again is redoing
 * lost work, not executing twice. Its table then may name executions this process never delivered
 * (they came in the checkpoint); such a deduplication must name the sequence at which the cluster
 * first executed the request.
 */
public final class ExactlyOnceCheck {
    /** Per replica, each executed request's execution. Looked up only, never iterated. */
    private final Map<NodeId, Map<RequestId, Delivery>> executions = new TreeMap<>();
    /** Each request's first execution by any replica: at the same sequence on every correct one. */
    private final Map<RequestId, Long> agreedExecutions = new HashMap<>();

    /** The replica's state now ends at {@code sequence}; executions after it are undone. */
    public void restartAt(NodeId replica, long sequence) {
        Map<RequestId, Delivery> executed = executions.get(replica);
        if (executed != null) {
            executed.values().removeIf(execution -> execution.sequence() > sequence);
        }
    }

    public void onDelivery(Delivery delivery) {
        Map<RequestId, Delivery> executed = executions.computeIfAbsent(delivery.replica(), replica -> new HashMap<>());
        Delivery first = executed.get(delivery.requestId());
        if (delivery.kind() == Delivery.Kind.EXECUTED) {
            CheckFailure.require(
                    first == null,
                    Check.EXACTLY_ONCE,
                    "%s executed request %s twice: at #%d and again at #%d",
                    delivery.replica(), delivery.requestId(), first == null ? 0 : first.sequence(), delivery.sequence());
            Long agreed = agreedExecutions.putIfAbsent(delivery.requestId(), delivery.sequence());
            CheckFailure.require(
                    agreed == null || agreed == delivery.sequence(),
                    Check.EXACTLY_ONCE,
                    "%s executed request %s at #%d, but the cluster first executed it at #%d",
                    delivery.replica(), delivery.requestId(), delivery.sequence(), agreed == null ? 0 : agreed);
            executed.put(delivery.requestId(), delivery);
            return;
        }
        if (first == null && agreedExecutions.containsKey(delivery.requestId())) {
            long agreed = agreedExecutions.get(delivery.requestId());
            CheckFailure.require(
                    agreed == delivery.executedSequence(),
                    Check.EXACTLY_ONCE,
                    "%s deduplicated request %s at #%d naming execution #%d (from its checkpoint), but it was executed at #%d",
                    delivery.replica(), delivery.requestId(), delivery.sequence(), delivery.executedSequence(), agreed);
            return;
        }
        CheckFailure.require(
                first != null,
                Check.EXACTLY_ONCE,
                "%s deduplicated request %s at #%d but never executed it",
                delivery.replica(), delivery.requestId(), delivery.sequence());
        CheckFailure.require(
                first.sequence() == delivery.executedSequence() && Arrays.equals(first.result(), delivery.result()),
                Check.EXACTLY_ONCE,
                "%s deduplicated request %s at #%d naming execution #%d, but executed it at #%d%s",
                delivery.replica(), delivery.requestId(), delivery.sequence(), delivery.executedSequence(),
                first.sequence(), Arrays.equals(first.result(), delivery.result()) ? "" : " with another result");
    }
}
