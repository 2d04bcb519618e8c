package dsms.protocol.sequencer;

import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits consecutive entries into batches that respect the entry and byte bounds of one datagram.
 * The sequencer uses it for its multicast, replicas for the entries they send a recovering peer.
 */
public final class Batches {
    private Batches() {}

    /**
     * Packs {@code entries}, in order, into as few batches as the bounds allow. Every entry must fit
     * a batch on its own; the sequencer refuses to order larger ones.
     */
    public static List<OrderedBatch> split(
            List<OrderedEntry> entries, int batchEntriesMax, int batchBytesMax, OrderedEntrySizer sizer) {
        List<OrderedBatch> batches = new ArrayList<>();
        List<OrderedEntry> current = new ArrayList<>();
        int currentBytes = 0;
        for (OrderedEntry entry : entries) {
            int entryBytes = sizer.encodedBytes(entry);
            boolean full = current.size() == batchEntriesMax || currentBytes + entryBytes > batchBytesMax;
            if (full && !current.isEmpty()) {
                batches.add(new OrderedBatch(current));
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(entry);
            currentBytes += entryBytes;
        }
        if (!current.isEmpty()) {
            batches.add(new OrderedBatch(current));
        }
        return batches;
    }
}
