package dsms.protocol;

import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;

/**
 * A replica's report that it delivered one ordered entry: what a simulator's checkers need to
 * verify total order and exactly-once execution.
 *
 * @param replica the replica that delivered it
 * @param sequence the entry's position in the total order
 * @param timestampMillis the sequencer's clock for the entry
 * @param requestId the entry's client request
 * @param kind whether the service executed it or the replica answered from its table
 * @param executedSequence the sequence number at which the request was executed: {@code sequence}
 *     for {@link Kind#EXECUTED}, an earlier one for {@link Kind#DEDUPLICATED}
 * @param result the result bytes sent to the front end
 */
public record Delivery(
        NodeId replica,
        long sequence,
        long timestampMillis,
        RequestId requestId,
        Kind kind,
        long executedSequence,
        byte[] result) {

    public enum Kind {
        /** The service applied the command. */
        EXECUTED,
        /** The request had been executed before; the entry consumed its sequence number only. */
        DEDUPLICATED
    }
}
