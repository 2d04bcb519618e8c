package dsms.protocol.message;

/**
 * Recovering replica to a peer: send the ordered entries from {@code fromSequence} to {@code
 * toSequence}, inclusive, that you delivered. The peer answers with {@code OrderedBatch}es of the
 * entries it still holds (a bounded number); a peer that no longer holds the first one does not
 * answer, and the requester asks another one after its timeout.
 */
public record EntriesRequest(long fromSequence, long toSequence) implements Message {}
