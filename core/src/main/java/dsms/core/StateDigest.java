package dsms.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest of a service's canonical snapshot, compared across replicas. */
public final class StateDigest {
    public static final int LENGTH_BYTES = 32;

    private final byte[] bytes;

    private StateDigest(byte[] bytes) {
        Checks.check(bytes.length == LENGTH_BYTES, "a state digest has 32 bytes");
        this.bytes = bytes;
    }

    /** Computes the digest of a canonical snapshot. */
    public static StateDigest of(byte[] snapshot) {
        return new StateDigest(sha256().digest(snapshot));
    }

    /** Starts the digest of {@code snapshot}, to be computed a slice at a time. */
    public static Incremental incremental(byte[] snapshot) {
        return new Incremental(snapshot);
    }

    /**
     * The digest of one snapshot computed in slices: hashing a large snapshot in one go would hold
     * up whoever computes it, and a slice at a time lets other work run in between. The snapshot
     * must not change until the digest is done.
     */
    public static final class Incremental {
        private final byte[] snapshot;
        private final MessageDigest digest = sha256();
        private int hashedBytes;
        private boolean finished;

        private Incremental(byte[] snapshot) {
            this.snapshot = snapshot;
        }

        /** Hashes at most {@code bytesMax} more bytes; returns whether every byte is hashed. */
        public boolean advance(int bytesMax) {
            Checks.check(bytesMax >= 1, "a digest slice of %d bytes is positive", bytesMax);
            int length = Math.min(bytesMax, snapshot.length - hashedBytes);
            digest.update(snapshot, hashedBytes, length);
            hashedBytes += length;
            return isDone();
        }

        public boolean isDone() {
            return hashedBytes == snapshot.length;
        }

        /** Hashes whatever is left and returns the digest; call once. */
        public StateDigest finish() {
            Checks.check(!finished, "an incremental digest is finished once");
            finished = true;
            advance(Math.max(1, snapshot.length - hashedBytes));
            return new StateDigest(digest.digest());
        }
    }

    /** Wraps digest bytes received from elsewhere (a peer's checkpoint announcement). */
    public static StateDigest fromBytes(byte[] digestBytes) {
        return new StateDigest(digestBytes.clone());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StateDigest digest && Arrays.equals(bytes, digest.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
