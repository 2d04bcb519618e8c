package dsms.protocol.codec;

import java.nio.ByteBuffer;

/**
 * A cursor over received bytes that never throws and never reads outside its region.
 *
 * <p>Bad input from the network is normal flow, so a failed read does not throw: it records the
 * first {@link Rejection}, returns zero or an empty array, and every later read does the same.
 * Callers read a whole structure and then ask {@link #failed()} once. Every length is checked
 * against the bytes that remain before anything is allocated, so a forged length can never make
 * the reader allocate more than the datagram holds.
 */
final class WireReader {
    private static final byte[] NO_BYTES = new byte[0];

    private final ByteBuffer bytes;
    private int position;
    private int limit;
    private Rejection failure;

    /** Reads {@code bytes} from {@code position} up to {@code limit}, by absolute index. */
    WireReader(ByteBuffer bytes, int position, int limit) {
        this.bytes = bytes;
        this.position = position;
        this.limit = limit;
    }

    boolean failed() {
        return failure != null;
    }

    /** The first failure, or null when every read so far succeeded. */
    Rejection failure() {
        return failure;
    }

    /** Records {@code reason} unless an earlier failure is already recorded. */
    void fail(Rejection reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    /** Fails with {@code reason} when {@code condition} is false. */
    void require(boolean condition, Rejection reason) {
        if (!condition) {
            fail(reason);
        }
    }

    int remainingBytes() {
        return limit - position;
    }

    int readUnsignedByte() {
        if (!canRead(1)) {
            return 0;
        }
        int value = Byte.toUnsignedInt(bytes.get(position));
        position += 1;
        return value;
    }

    int readUnsignedShort() {
        if (!canRead(2)) {
            return 0;
        }
        int value = Short.toUnsignedInt(bytes.getShort(position));
        position += 2;
        return value;
    }

    int readInt() {
        if (!canRead(4)) {
            return 0;
        }
        int value = bytes.getInt(position);
        position += 4;
        return value;
    }

    /** Reads exactly {@code length} bytes that have no length prefix (a digest). */
    byte[] readFixedBytes(int length) {
        if (!canRead(length)) {
            return NO_BYTES;
        }
        byte[] value = new byte[length];
        bytes.get(position, value);
        position += length;
        return value;
    }

    long readLong() {
        if (!canRead(8)) {
            return 0;
        }
        long value = bytes.getLong(position);
        position += 8;
        return value;
    }

    /**
     * Reads a byte array prefixed by its u16 length, failing with {@link Rejection#BAD_LENGTH}
     * when the length exceeds {@code bytesMax} or the bytes that remain.
     */
    byte[] readBytes(int bytesMax) {
        int length = readUnsignedShort();
        if (failed()) {
            return NO_BYTES;
        }
        if (length > bytesMax || length > remainingBytes()) {
            fail(Rejection.BAD_LENGTH);
            return NO_BYTES;
        }
        byte[] value = new byte[length];
        bytes.get(position, value);
        position += length;
        return value;
    }

    /**
     * Narrows the region to the next {@code length} bytes, which the caller has checked are
     * there, and returns the current limit for {@link #leave}.
     */
    int enter(int length) {
        int outerLimit = limit;
        limit = position + length;
        return outerLimit;
    }

    /**
     * Ends the region {@link #enter} opened, failing with {@link Rejection#MALFORMED_MESSAGE}
     * when bytes of it were left unread, and widens the region back to {@code outerLimit}.
     */
    void leave(int outerLimit) {
        require(position == limit, Rejection.MALFORMED_MESSAGE);
        position = limit;
        limit = outerLimit;
    }

    /** A read past the region's end means a message body ended before its fields did. */
    private boolean canRead(int length) {
        if (failed()) {
            return false;
        }
        if (remainingBytes() < length) {
            fail(Rejection.MALFORMED_MESSAGE);
            return false;
        }
        return true;
    }
}
