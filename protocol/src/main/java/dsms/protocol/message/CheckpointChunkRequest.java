package dsms.protocol.message;

/**
 * Recovering replica to a peer: send {@code lengthBytes} bytes of your checkpoint at {@code
 * sequence}, from {@code offsetBytes}. The peer answers with a {@code CheckpointChunk}, or with its
 * {@code CheckpointAnnouncement}s when it no longer holds that checkpoint.
 */
public record CheckpointChunkRequest(long sequence, int offsetBytes, int lengthBytes) implements Message {}
