package dsms.protocol.message;

/** Replica to sequencer: the entries from {@code fromSequence} to {@code toSequence}, inclusive, are missing. */
public record Nack(long fromSequence, long toSequence) implements Message {}
