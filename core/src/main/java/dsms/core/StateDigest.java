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
        return new StateDigest(newSha256().digest(snapshot));
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

    /** A fresh SHA-256, the hash every state digest is made with. */
    public static MessageDigest newSha256() {
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
