package dsms.protocol.codec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies datagrams with HMAC-SHA256 keyed by the cluster secret.
 *
 * <p>Not thread-safe: it reuses one {@link Mac}, two tag buffers and a scratch array, so that
 * checking a datagram allocates nothing.
 */
final class MessageAuthenticator {
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final byte[] computedTag = new byte[DatagramFormat.MAC_BYTES];
    private final byte[] receivedTag = new byte[DatagramFormat.MAC_BYTES];
    /**
     * Datagram bytes are copied here, a piece at a time, and hashed from the array. Given a direct
     * buffer, {@code Mac.update(ByteBuffer)} took a path on which HotSpot did not use its SHA-256
     * intrinsic: the front end spent about 10 % of its time in the Java version of the compression
     * function, verifying results, while hashing from an array ran several times faster.
     */
    private final byte[] scratch = new byte[SCRATCH_BYTES];
    private static final int SCRATCH_BYTES = 8192;

    MessageAuthenticator(byte[] clusterSecret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(clusterSecret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must provide HmacSHA256, and a non-empty key is always valid.
            throw new IllegalStateException("this JDK cannot compute " + ALGORITHM, e);
        }
        if (mac.getMacLength() != DatagramFormat.MAC_BYTES) {
            throw new IllegalStateException(ALGORITHM + " tags are " + DatagramFormat.MAC_BYTES + " bytes");
        }
    }

    /** Writes at {@code tagOffset} the tag of the bytes from {@code start} up to {@code tagOffset}. */
    void sign(ByteBuffer datagram, int start, int tagOffset) {
        computeTag(datagram, start, tagOffset);
        datagram.put(tagOffset, computedTag);
    }

    /**
     * Whether the tag at {@code tagOffset} is the tag of the bytes from {@code start} up to it.
     * The comparison takes the same time wherever the tags differ, so that timing the rejection
     * of forged datagrams reveals nothing about the right tag.
     */
    boolean verify(ByteBuffer datagram, int start, int tagOffset) {
        computeTag(datagram, start, tagOffset);
        datagram.get(tagOffset, receivedTag);
        return MessageDigest.isEqual(computedTag, receivedTag);
    }

    private void computeTag(ByteBuffer datagram, int start, int end) {
        for (int position = start; position < end; ) {
            int length = Math.min(SCRATCH_BYTES, end - position);
            datagram.get(position, scratch, 0, length);
            mac.update(scratch, 0, length);
            position += length;
        }
        try {
            mac.doFinal(computedTag, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the tag buffer holds a whole " + ALGORITHM + " tag", e);
        }
    }
}
