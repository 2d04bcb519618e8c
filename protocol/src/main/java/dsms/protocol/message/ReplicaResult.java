package dsms.protocol.message;

/**
 * Replica to front end: the result of executing one entry, or one chunk of it.
 *
 * <p>A result larger than fits in one datagram travels as {@code chunkCount} chunks numbered from
 * 0; the front end reassembles them before voting.
 */
public record ReplicaResult(
        long sequence, RequestId requestId, int chunkIndex, int chunkCount, byte[] resultChunk)
        implements Message {}
