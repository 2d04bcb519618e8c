package dsms.protocol;

import dsms.core.Checks;
import dsms.core.StateDigest;

/**
 * A replica's replicated state after one sequence number, in canonical bytes: the sequence
 * number, the exactly-once table and the service snapshot. Equal states give equal bytes, so
 * replicas compare checkpoints by digest.
 *
 * <p>The bytes are shared, not copied: nobody modifies them. A durable driver stores them as they
 * are and hands them back to {@code Replica.restoreCheckpoint} after a restart.
 *
 * @param sequence the last entry the state includes; 0 for the initial state
 * @param digest the {@link CheckpointDigest} of {@code bytes}
 * @param bytes the canonical encoding
 */
public record Checkpoint(long sequence, StateDigest digest, byte[] bytes) {
    public Checkpoint {
        Checks.check(sequence >= 0, "a checkpoint's sequence %d is at least 0", sequence);
        Checks.check(digest != null && bytes != null, "a checkpoint has a digest and bytes");
    }

    /** A checkpoint of {@code bytes}, with their digest ({@link CheckpointDigest}) computed here. */
    public static Checkpoint of(long sequence, byte[] bytes) {
        return new Checkpoint(sequence, CheckpointDigest.of(bytes), bytes);
    }

    public int lengthBytes() {
        return bytes.length;
    }
}
