package dsms.market.codec;

import dsms.core.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer for the canonical encodings. */
final class ByteWriter {
    private byte[] bytes;
    private int length;

    ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    ByteWriter writeByte(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    ByteWriter writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    ByteWriter writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    /**
     * Writes a string as its UTF-8 length (an int) and bytes. An unpaired surrogate becomes '?', as
     * {@link String#getBytes} does; the encoding is still deterministic.
     */
    ByteWriter writeString(String value, int lengthMaxBytes) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        Checks.check(utf8.length <= lengthMaxBytes, "a string of %d bytes exceeds %d", utf8.length, lengthMaxBytes);
        writeInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
