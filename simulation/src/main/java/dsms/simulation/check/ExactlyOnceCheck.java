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
 */
public final class ExactlyOnceCheck {
    /** Per replica, each executed request's execution. Looked up only, never iterated. */
    private final Map<NodeId, Map<RequestId, Delivery>> executions = new TreeMap<>();

    public void onDelivery(Delivery delivery) {
        Map<RequestId, Delivery> executed = executions.computeIfAbsent(delivery.replica(), replica -> new HashMap<>());
        Delivery first = executed.get(delivery.requestId());
        if (delivery.kind() == Delivery.Kind.EXECUTED) {
            CheckFailure.require(
                    first == null,
                    Check.EXACTLY_ONCE,
                    "%s executed request %s twice: at #%d and again at #%d",
                    delivery.replica(), delivery.requestId(), first == null ? 0 : first.sequence(), delivery.sequence());
            executed.put(delivery.requestId(), delivery);
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
