package dsms.protocol.message;

/**
 * Replica to a recovering peer: the bytes of its checkpoint at {@code sequence} from {@code
 * offsetBytes}. The receiver checks the reassembled checkpoint against the digest {@code f+1}
 * replicas announced before using any of it.
 */
public record CheckpointChunk(long sequence, int offsetBytes, byte[] chunk) implements Message {}
