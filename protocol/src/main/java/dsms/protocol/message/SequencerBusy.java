package dsms.protocol.message;

/**
 * Sequencer to front end: the request was not ordered because the retransmission buffer is full
 * of entries that too few replicas hold yet. The front end resends later; nothing was ordered.
 */
public record SequencerBusy(RequestId requestId) implements Message {}
