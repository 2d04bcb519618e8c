package dsms.protocol.sequencer;

import dsms.core.Checks;
import dsms.protocol.message.RequestId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequence numbers of the most recently ordered requests, so that a resent request is
 * acknowledged with the number it already has instead of being ordered twice.
 *
 * <p>Bounded by {@code requestsMax}; the oldest ordered request is forgotten first. A request
 * resent after it was forgotten is ordered again, and the replicas' exactly-once table then keeps
 * it from being executed twice.
 */
final class RecentRequests {
    private final int requestsMax;
    private final LinkedHashMap<RequestId, Long> sequenceByRequest;

    RecentRequests(int requestsMax) {
        Checks.check(requestsMax >= 1, "recent requests bound %d is positive", requestsMax);
        this.requestsMax = requestsMax;
        this.sequenceByRequest = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<RequestId, Long> eldest) {
                return size() > RecentRequests.this.requestsMax;
            }
        };
    }

    /** The sequence number the request was given, or 0 when it is not remembered. */
    long sequenceOf(RequestId requestId) {
        Long sequence = sequenceByRequest.get(requestId);
        return sequence == null ? 0 : sequence;
    }

    void remember(RequestId requestId, long sequence) {
        Checks.check(sequence >= 1, "sequence %d is positive", sequence);
        Long previous = sequenceByRequest.put(requestId, sequence);
        Checks.check(previous == null, "request %s is ordered only once while remembered", requestId);
    }

    int size() {
        return sequenceByRequest.size();
    }
}
