package dsms.simulation.check;

import dsms.core.AuditSink;
import dsms.core.StateDigest;
import dsms.market.MarketService;
import dsms.market.codec.ResultCodec;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers a client must get: a reference market fed the agreed total order, with the
 * protocol's exactly-once semantics (a request ordered again returns the result of its first
 * execution, and consumes its sequence number only).
 *
 * <p>Its memory of executions is unbounded, unlike a replica's table: the replicas' table is
 * sized far beyond what a simulated run orders, so the two agree whenever the protocol is right.
 */
public final class ReferenceMarket {
    private final MarketService market = new MarketService();
    /** Each request's first execution. Looked up only, never iterated. */
    private final Map<RequestId, Execution> executions = new HashMap<>();
    private long appliedSequence;

    private record Execution(long sequence, byte[] result) {}

    /** Applies the agreed entries it has not applied yet. */
    public void catchUp(List<OrderedEntry> agreedOrder) {
        while (appliedSequence < agreedOrder.size()) {
            OrderedEntry entry = agreedOrder.get((int) appliedSequence);
            appliedSequence++;
            if (!executions.containsKey(entry.requestId())) {
                byte[] result = market.apply(entry.sequence(), entry.timestampMillis(), entry.command(), AuditSink.NONE);
                executions.put(entry.requestId(), new Execution(entry.sequence(), result));
            }
        }
    }

    /** Fails unless an AGREED outcome is the request's one execution in the agreed order. */
    public void checkAgreed(RequestOutcome outcome, List<OrderedEntry> agreedOrder) {
        if (outcome.status() != RequestOutcome.Status.AGREED) {
            return;
        }
        catchUp(agreedOrder);
        Execution execution = executions.get(outcome.requestId());
        CheckFailure.require(
                execution != null,
                Check.AGREED_ANSWER,
                "request %s was answered AGREED (#%d, %s) but no replica delivered it",
                outcome.requestId(), outcome.sequence(), readable(outcome.result()));
        CheckFailure.require(
                execution.sequence() == outcome.sequence() && Arrays.equals(execution.result(), outcome.result()),
                Check.AGREED_ANSWER,
                "request %s was answered AGREED #%d %s, but the agreed order executes it at #%d: %s",
                outcome.requestId(), outcome.sequence(), readable(outcome.result()), execution.sequence(),
                readable(execution.result()));
    }

    public long appliedSequence() {
        return appliedSequence;
    }

    public StateDigest digest() {
        return market.digest();
    }

    /** The result decoded, or its size when the bytes are no valid result (a corrupted one). */
    static String readable(byte[] result) {
        return ResultCodec.decode(result)
                .map(decoded -> decoded.code() + " \"" + decoded.message() + "\"")
                .orElse("<" + result.length + " bytes that are no valid result>");
    }
}
