package dsms.protocol.message;

/** Sequencer to front end: the request holds this position in the total order. */
public record SequencerAck(RequestId requestId, long epoch, long sequence) implements Message {}
