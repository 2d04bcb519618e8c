package dsms.protocol.sequencer;

import dsms.core.Checks;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered entries that some replica may still need, held for retransmission.
 *
 * <p>A ring of {@code entriesMax} slots holding consecutive sequence numbers, from {@link
 * #firstSequence()} to {@link #lastSequence()}; entries leave from the oldest end only.
 */
final class RetransmissionBuffer {
    private final OrderedEntry[] slots;
    private long firstSequence;
    private long lastSequence;

    /** An empty buffer whose first entry will have {@code nextSequence}. */
    RetransmissionBuffer(int entriesMax, long nextSequence) {
        Checks.check(entriesMax >= 1, "retransmission buffer bound %d is positive", entriesMax);
        Checks.check(nextSequence >= 1, "sequence numbers start at 1, not %d", nextSequence);
        this.slots = new OrderedEntry[entriesMax];
        this.firstSequence = nextSequence;
        this.lastSequence = nextSequence - 1;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    boolean isFull() {
        return size() == slots.length;
    }

    int size() {
        return (int) (lastSequence - firstSequence + 1);
    }

    /** The oldest entry's sequence number; when empty, the next entry's. */
    long firstSequence() {
        return firstSequence;
    }

    long lastSequence() {
        return lastSequence;
    }

    void append(OrderedEntry entry) {
        Checks.check(!isFull(), "the retransmission buffer has room before an append");
        Checks.check(entry.sequence() == lastSequence + 1, "entry %d follows %d", entry.sequence(), lastSequence);
        lastSequence = entry.sequence();
        slots[slotOf(lastSequence)] = entry;
    }

    OrderedEntry oldest() {
        Checks.check(!isEmpty(), "an empty buffer has no oldest entry");
        return slots[slotOf(firstSequence)];
    }

    void removeOldest() {
        Checks.check(!isEmpty(), "an empty buffer has no oldest entry");
        slots[slotOf(firstSequence)] = null;
        firstSequence++;
    }

    /** The held entries from {@code fromSequence} to {@code toSequence}, clipped to what is held. */
    List<OrderedEntry> range(long fromSequence, long toSequence) {
        long from = Math.max(fromSequence, firstSequence);
        long to = Math.min(toSequence, lastSequence);
        List<OrderedEntry> entries = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long sequence = from; sequence <= to; sequence++) {
            entries.add(slots[slotOf(sequence)]);
        }
        return entries;
    }

    private int slotOf(long sequence) {
        return (int) (sequence % slots.length);
    }
}
