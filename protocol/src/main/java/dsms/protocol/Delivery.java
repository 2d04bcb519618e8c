package dsms.protocol;

import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;

/**
 * A replica's report that it delivered one ordered entry: what a simulator's checkers need to
 * verify total order and exactly-once execution, and what a durable driver appends to its log.
 *
 * @param replica the replica that delivered it
 * @param entry the ordered entry, as the sequencer sent it
 * @param kind whether the service executed it or the replica answered from its table
 * @param executedSequence the sequence number at which the request was executed: the entry's own
 *     for {@link Kind#EXECUTED}, an earlier one for {@link Kind#DEDUPLICATED}
 * @param result the result bytes sent to the front end
 */
public record Delivery(NodeId replica, OrderedEntry entry, Kind kind, long executedSequence, byte[] result) {

    public enum Kind {
        /** The service applied the command. */
        EXECUTED,
        /** The request had been executed before; the entry consumed its sequence number only. */
        DEDUPLICATED
    }

    public long sequence() {
        return entry.sequence();
    }

    public RequestId requestId() {
        return entry.requestId();
    }
}
