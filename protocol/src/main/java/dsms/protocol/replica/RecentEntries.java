package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered entries a replica delivered after its older retained checkpoint, kept so that a
 * recovering peer can fetch the entries that follow a checkpoint.
 *
 * <p>A ring of {@code entriesMax} slots holding consecutive sequence numbers, from {@link
 * #firstSequence()} to {@link #lastSequence()}. The replica trims it whenever it takes a
 * checkpoint, which keeps it within {@code 3 * checkpointIntervalEntries} (two retained intervals
 * and one while a checkpoint's digest is computed); overflowing it is a programmer error.
 */
final class RecentEntries {
    private final OrderedEntry[] slots;
    private long firstSequence = 1;
    private long lastSequence = 0;

    RecentEntries(int entriesMax) {
        Checks.check(entriesMax >= 1, "recent entries bound %d is positive", entriesMax);
        this.slots = new OrderedEntry[entriesMax];
    }

    /** Forgets every entry; the next one appended follows {@code sequence}. */
    void startAfter(long sequence) {
        while (size() > 0) {
            removeOldest();
        }
        firstSequence = sequence + 1;
        lastSequence = sequence;
    }

    void append(OrderedEntry entry) {
        Checks.check(size() < slots.length, "recent entries stay within %d; the replica trims them", slots.length);
        Checks.check(entry.sequence() == lastSequence + 1, "entry %d follows %d", entry.sequence(), lastSequence);
        lastSequence = entry.sequence();
        slots[slotOf(lastSequence)] = entry;
    }

    /** Forgets the entries up to {@code sequence}, inclusive. */
    void discardThrough(long sequence) {
        while (size() > 0 && firstSequence <= sequence) {
            removeOldest();
        }
    }

    /** The held entries from {@code fromSequence} to {@code toSequence}, clipped to what is held. */
    List<OrderedEntry> range(long fromSequence, long toSequence) {
        long from = Math.max(fromSequence, firstSequence);
        long to = Math.min(toSequence, lastSequence);
        List<OrderedEntry> entries = new ArrayList<>((int) Math.max(0, Math.min(slots.length, to - from + 1)));
        for (long sequence = from; sequence <= to; sequence++) {
            entries.add(slots[slotOf(sequence)]);
        }
        return entries;
    }

    /** The oldest entry's sequence number; when empty, the next entry's. */
    long firstSequence() {
        return firstSequence;
    }

    long lastSequence() {
        return lastSequence;
    }

    int size() {
        return (int) (lastSequence - firstSequence + 1);
    }

    private void removeOldest() {
        slots[slotOf(firstSequence)] = null;
        firstSequence++;
    }

    private int slotOf(long sequence) {
        return (int) (sequence % slots.length);
    }
}
