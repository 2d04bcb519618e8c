package dsms.protocol.sequencer;

import dsms.protocol.message.OrderedEntry;

/**
 * Counts the bytes one entry takes inside an encoded {@code OrderedBatch}, so that the sequencer
 * fills batches up to the codec's datagram limit without knowing the wire format.
 */
@FunctionalInterface
public interface OrderedEntrySizer {

    /**
     * An upper bound for any compact binary encoding: 64 bytes for the fixed fields (epoch,
     * sequence, timestamp, request ID, front end, lengths) plus the command. Drivers pass the
     * codec's exact count instead.
     */
    OrderedEntrySizer UPPER_BOUND_ESTIMATE = entry -> 64 + entry.command().length;

    int encodedBytes(OrderedEntry entry);
}
