package dsms.protocol.sequencer;

import dsms.core.Checks;
import dsms.protocol.message.RequestId;
import java.util.Arrays;

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
    /** The largest bound accepted: its arrays take about 400 MB, far beyond any sensible setting. */
    static final int REQUESTS_MAX_LIMIT = 1 << 24;
    /** An index slot that holds no request. */
    private static final int EMPTY = -1;

    private final int requestsMax;
    private final long[] clientIds;
    private final long[] counters;
    private final long[] sequences;
    /** Ring positions by hash; a power of two at least twice {@code requestsMax}, so probes stay short. */
    private final int[] index;
    private final int indexMask;
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
        int indexSlots = Integer.highestOneBit(requestsMax) << 2;
        this.index = new int[indexSlots];
        this.indexMask = indexSlots - 1;
        Arrays.fill(index, EMPTY);
    }

    /** The sequence number the request was given, or 0 when it is not remembered. */
    long sequenceOf(RequestId requestId) {
        int slot = find(requestId.clientId(), requestId.counter());
        return index[slot] == EMPTY ? 0 : sequences[index[slot]];
    }

    void remember(RequestId requestId, long sequence) {
        Checks.check(sequence >= 1, "sequence %d is positive", sequence);
        int slot = find(requestId.clientId(), requestId.counter());
        Checks.check(index[slot] == EMPTY, "request %s is ordered only once while remembered", requestId);
        if (size == requestsMax) {
            forgetOldest();
            slot = find(requestId.clientId(), requestId.counter());
        }
        int position = (oldest + size) % requestsMax;
        clientIds[position] = requestId.clientId();
        counters[position] = requestId.counter();
        sequences[position] = sequence;
        index[slot] = position;
        size++;
    }

    int size() {
        return size;
    }

    /** The index slot holding the request, or the empty slot where it would go. */
    private int find(long clientId, long counter) {
        int slot = hash(clientId, counter) & indexMask;
        while (index[slot] != EMPTY) {
            int position = index[slot];
            if (clientIds[position] == clientId && counters[position] == counter) {
                return slot;
            }
            slot = (slot + 1) & indexMask;
        }
        return slot;
    }

    private void forgetOldest() {
        int slot = find(clientIds[oldest], counters[oldest]);
        Checks.check(index[slot] == oldest, "the oldest request is in the index");
        removeSlot(slot);
        oldest = (oldest + 1) % requestsMax;
        size--;
    }

    /**
     * Empties a slot and moves later members of its probe run back into the gap (backward-shift
     * deletion), so that lookups never meet a hole in a run and no tombstones pile up.
     */
    private void removeSlot(int removed) {
        int gap = removed;
        int slot = (removed + 1) & indexMask;
        while (index[slot] != EMPTY) {
            int position = index[slot];
            int home = hash(clientIds[position], counters[position]) & indexMask;
            // The member may move into the gap unless its home lies cyclically after the gap, up to it.
            boolean homeAfterGap = gap <= slot ? gap < home && home <= slot : gap < home || home <= slot;
            if (!homeAfterGap) {
                index[gap] = position;
                gap = slot;
            }
            slot = (slot + 1) & indexMask;
        }
        index[gap] = EMPTY;
    }

    private static int hash(long clientId, long counter) {
        long mixed = clientId * 0x9E3779B97F4A7C15L + counter;
        mixed ^= mixed >>> 32;
        mixed *= 0xD6E8FEB86659FD93L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
