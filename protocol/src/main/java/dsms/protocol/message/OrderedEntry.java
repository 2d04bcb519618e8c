package dsms.protocol.message;

/**
 * One request in the total order, as the sequencer multicasts it to every replica.
 *
 * @param epoch the sequencer incarnation that assigned the sequence number
 * @param sequence the position in the total order, starting at 1, never reused across epochs
 * @param timestampMillis the sequencer's clock for this entry: the service's only notion of now
 * @param requestId the client request's identity, for exactly-once execution
 * @param frontEnd the front end that waits for the result
 * @param command the service-specific command bytes
 */
public record OrderedEntry(
        long epoch, long sequence, long timestampMillis, RequestId requestId, NodeId frontEnd, byte[] command) {}
