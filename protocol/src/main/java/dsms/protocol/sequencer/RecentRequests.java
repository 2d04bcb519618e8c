package dsms.protocol.sequencer;

import dsms.core.Checks;
import dsms.protocol.RequestIndex;
import dsms.protocol.message.RequestId;

/**
 * The sequence numbers of the most recently ordered requests, so that a resent request is
 * acknowledged with the number it already has instead of being ordered twice.
 *
 * <p>Bounded by {@code requestsMax}; the oldest ordered request is forgotten first. A request
 * resent after it was forgotten is ordered again, and the replicas' exactly-once table then keeps
 * it from being executed twice.
 *
 * <p>Held in primitive arrays, with no object per request: a ring of the remembered requests in
 * the order they were ordered, and an open-addressing index into it. The requests live for about a
 * second under load, and as objects (a map entry, a boxed number, the request ID) every young
 * collection of the sequencer copied them, a pause that every request in flight waited for.
 */
final class RecentRequests {
    /** The largest bound accepted: its arrays take about 400 MB and its index up to 3 GB, far beyond any sensible setting. */
    static final int REQUESTS_MAX_LIMIT = 1 << 24;

    /**
     * The index's first size. A front end's consecutive counters share slots, so a full ring of the
     * default 65,536 requests usually needs 32,768 slots (2.8 MiB), not the 131,072 (11 MiB) it may grow to.
     */
    private static final int INDEX_SLOTS_INITIAL = 1 << 10;

    private final int requestsMax;
    private final long[] clientIds;
    private final long[] counters;
    private final long[] sequences;
    /**
     * Ring positions by request ID. It starts small and doubles up to twice {@code requestsMax}
     * slots, room for every request even when none shares a slot with another, so probes stay short.
     */
    private final RequestIndex index;
    /** The ring position of the oldest remembered request. */
    private int oldest;
    private int size;

    RecentRequests(int requestsMax) {
        Checks.check(requestsMax >= 1 && requestsMax <= REQUESTS_MAX_LIMIT,
                "recent requests bound %d is between 1 and %d", requestsMax, REQUESTS_MAX_LIMIT);
        this.requestsMax = requestsMax;
        this.clientIds = new long[requestsMax];
        this.counters = new long[requestsMax];
        this.sequences = new long[requestsMax];
        int indexSlots = RequestIndex.slotsFor(requestsMax);
        this.index = new RequestIndex(Math.min(INDEX_SLOTS_INITIAL, indexSlots), indexSlots);
    }

    /** The sequence number the request was given, or 0 when it is not remembered. */
    long sequenceOf(RequestId requestId) {
        long position = index.get(requestId.clientId(), requestId.counter());
        return position == RequestIndex.ABSENT ? 0 : sequences[(int) position];
    }

    void remember(RequestId requestId, long sequence) {
        Checks.check(sequence >= 1, "sequence %d is positive", sequence);
        // Indexed before the oldest is forgotten, so the index refuses a request while it is
        // remembered, even when it is the oldest one; it has room for one more than the ring. When
        // the ring is full, the new request takes the oldest one's position.
        int position = (oldest + size) % requestsMax;
        index.put(requestId.clientId(), requestId.counter(), position);
        if (size == requestsMax) {
            forgetOldest();
        }
        clientIds[position] = requestId.clientId();
        counters[position] = requestId.counter();
        sequences[position] = sequence;
        size++;
    }

    int size() {
        return size;
    }

    /** The index's current number of slots, so tests can see it start small and grow. */
    int indexSlots() {
        return index.slots();
    }

    private void forgetOldest() {
        long position = index.remove(clientIds[oldest], counters[oldest]);
        Checks.check(position == oldest, "the oldest request is indexed at ring position %d, not %d", oldest, position);
        oldest = (oldest + 1) % requestsMax;
        size--;
    }
}
