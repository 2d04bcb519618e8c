package dsms.protocol.message;

/**
 * Replica to replica manager: the answer to a {@code Probe}, with what the replica is doing.
 *
 * @param nonce the probe's nonce
 * @param status whether the replica is live or recovering
 * @param deliveredSequence the replica's last delivered entry
 */
public record ProbeReply(long nonce, ReplicaStatus status, long deliveredSequence) implements Message {}
