package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
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
 *
 * <p>The entries' fields are kept in parallel arrays, allocated once, rather than as entry objects:
 * a loaded replica holds tens of thousands of recent entries, which were most of what its young
 * collections copied (an entry, its request ID and its command per operation). Only the command
 * stays an object; a peer's request rebuilds the entries it asks for.
 */
final class RecentEntries {
    private final long[] epochs;
    private final long[] timestampsMillis;
    private final long[] clientIds;
    private final long[] counters;
    private final NodeId[] frontEnds;
    private final byte[][] commands;
    private long firstSequence = 1;
    private long lastSequence = 0;

    RecentEntries(int entriesMax) {
        Checks.check(entriesMax >= 1, "recent entries bound %d is positive", entriesMax);
        this.epochs = new long[entriesMax];
        this.timestampsMillis = new long[entriesMax];
        this.clientIds = new long[entriesMax];
        this.counters = new long[entriesMax];
        this.frontEnds = new NodeId[entriesMax];
        this.commands = new byte[entriesMax][];
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
        Checks.check(size() < commands.length, "recent entries stay within %d; the replica trims them", commands.length);
        Checks.check(entry.sequence() == lastSequence + 1, "entry %d follows %d", entry.sequence(), lastSequence);
        lastSequence = entry.sequence();
        int slot = slotOf(lastSequence);
        epochs[slot] = entry.epoch();
        timestampsMillis[slot] = entry.timestampMillis();
        clientIds[slot] = entry.requestId().clientId();
        counters[slot] = entry.requestId().counter();
        frontEnds[slot] = entry.frontEnd();
        commands[slot] = entry.command();
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
        List<OrderedEntry> entries = new ArrayList<>((int) Math.max(0, Math.min(commands.length, to - from + 1)));
        for (long sequence = from; sequence <= to; sequence++) {
            int slot = slotOf(sequence);
            entries.add(new OrderedEntry(epochs[slot], sequence, timestampsMillis[slot],
                    new RequestId(clientIds[slot], counters[slot]), frontEnds[slot], commands[slot]));
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
        int slot = slotOf(firstSequence);
        frontEnds[slot] = null;
        commands[slot] = null;
        firstSequence++;
    }

    private int slotOf(long sequence) {
        return (int) (sequence % commands.length);
    }
}
