package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.message.Nack;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entries that arrived ahead of their turn, held until every earlier one was delivered.
 *
 * <p>Bounded by a window: only entries from the next expected sequence number to {@code
 * entriesMax - 1} beyond it are held, so the queue never holds more than {@code entriesMax} and
 * always keeps the entries needed soonest.
 */
final class HoldbackQueue {
    private final int entriesMax;
    private final TreeMap<Long, OrderedEntry> entries = new TreeMap<>();

    HoldbackQueue(int entriesMax) {
        Checks.check(entriesMax >= 1, "holdback bound %d is positive", entriesMax);
        this.entriesMax = entriesMax;
    }

    Admission offer(OrderedEntry entry, long lastDeliveredSequence) {
        long sequence = entry.sequence();
        if (sequence <= lastDeliveredSequence) {
            return Admission.ALREADY_DELIVERED;
        }
        if (sequence > windowEnd(lastDeliveredSequence)) {
            return Admission.BEYOND_WINDOW;
        }
        // The sequencer never gives two entries one number, so a second copy is a retransmission.
        return entries.putIfAbsent(sequence, entry) == null ? Admission.HELD : Admission.ALREADY_HELD;
    }

    /** Removes and returns the entry right after {@code lastDeliveredSequence}, or null if absent. */
    OrderedEntry takeNext(long lastDeliveredSequence) {
        Map.Entry<Long, OrderedEntry> first = entries.firstEntry();
        if (first == null || first.getKey() != lastDeliveredSequence + 1) {
            return null;
        }
        entries.pollFirstEntry();
        return first.getValue();
    }

    /**
     * The missing ranges between the last delivered entry and {@code highestKnownSequence}, clipped
     * to the window (entries beyond it would be dropped), oldest first, at most {@code rangesMax},
     * each of at most {@code rangeEntriesMax} entries (a longer gap is asked for from its start).
     */
    List<Nack> missingRanges(long lastDeliveredSequence, long highestKnownSequence, int rangesMax, int rangeEntriesMax) {
        long end = Math.min(highestKnownSequence, windowEnd(lastDeliveredSequence));
        List<Nack> ranges = new ArrayList<>();
        long expected = lastDeliveredSequence + 1;
        for (long held : entries.keySet()) {
            if (ranges.size() == rangesMax) {
                return ranges;
            }
            if (held > expected) {
                ranges.add(new Nack(expected, Math.min(held - 1, expected + rangeEntriesMax - 1)));
            }
            expected = held + 1;
        }
        if (ranges.size() < rangesMax && expected <= end) {
            ranges.add(new Nack(expected, Math.min(end, expected + rangeEntriesMax - 1)));
        }
        return ranges;
    }

    /**
     * Forgets the held entries up to {@code sequence}, inclusive: the replica's state jumped past
     * them by installing a checkpoint, and they would otherwise block the entries after them.
     */
    void discardThrough(long sequence) {
        entries.headMap(sequence, true).clear();
    }

    int size() {
        return entries.size();
    }

    private long windowEnd(long lastDeliveredSequence) {
        return lastDeliveredSequence + entriesMax;
    }

    enum Admission {
        HELD,
        ALREADY_HELD,
        ALREADY_DELIVERED,
        BEYOND_WINDOW
    }
}
