package dsms.protocol.message;

/**
 * Sequencer to replica, in answer to a {@code Nack} it cannot serve: the entries before {@code
 * firstHeldSequence} left the retransmission buffer (at least {@code f+1} replicas hold them).
 * Asking again cannot help; the replica catches up from its peers by state transfer.
 */
public record EntriesForgotten(long epoch, long firstHeldSequence) implements Message {}
