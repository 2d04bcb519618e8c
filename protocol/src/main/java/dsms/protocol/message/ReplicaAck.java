package dsms.protocol.message;

/** Replica to sequencer: cumulative acknowledgement of every entry up to this sequence number. */
public record ReplicaAck(long highestContiguousSequence) implements Message {}
