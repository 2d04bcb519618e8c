package dsms.protocol.message;

/**
 * Recovering replica to a peer: send {@code lengthBytes} bytes of your checkpoint at {@code
 * sequence}, from {@code offsetBytes}. The peer answers with a {@code CheckpointChunk} of at most
 * that many bytes; a peer that no longer holds that checkpoint does not answer, and the requester
 * asks another one after its timeout.
 */
public record CheckpointChunkRequest(long sequence, int offsetBytes, int lengthBytes) implements Message {}
