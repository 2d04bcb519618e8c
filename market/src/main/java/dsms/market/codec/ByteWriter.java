package dsms.market.codec;

import dsms.core.Checks;
import dsms.market.result.AsciiText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer for the canonical encodings. */
final class ByteWriter {
    /** Strings up to this long are written a character at a time, longer ones through {@link #characterScratch}. */
    static final int SHORT_STRING_CHARACTERS_MAX = 16;
    private static final int CHARACTER_SCRATCH_INITIAL = 64;

    private byte[] bytes;
    private int length;
    /** The characters of the long string being written, reused from string to string; made on first use. */
    private char[] characterScratch;

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
        int lengthPosition = length;
        writeInt(0);
        writeUtf8(value);
        int utf8Length = length - lengthPosition - 4;
        Checks.check(utf8Length <= lengthMaxBytes, "a string of %d bytes exceeds %d", utf8Length, lengthMaxBytes);
        putInt(lengthPosition, utf8Length);
        return this;
    }

    /** The position of the next byte written, for {@link #putInt} to fill in a length later. */
    int position() {
        return length;
    }

    /** Overwrites the int at {@code position}, which was written earlier. */
    void putInt(int position, int value) {
        for (int shift = 24, at = position; shift >= 0; shift -= 8) {
            bytes[at++] = (byte) (value >>> shift);
        }
    }

    /**
     * Writes the UTF-8 bytes of {@code value} without a length. ASCII, the usual case, is copied
     * without the intermediate array {@link String#getBytes} would allocate. A longer string's
     * characters come out in one bulk copy and are narrowed in one plain loop over an array,
     * which costs far less per character than a loop of {@link String#charAt}; a short one (an ID,
     * a type) is not worth the copy, and a writer that only ever writes short strings (a result's)
     * never allocates the array the copy needs.
     */
    ByteWriter writeUtf8(String value) {
        int characters = value.length();
        ensure(characters);
        if (characters > SHORT_STRING_CHARACTERS_MAX) {
            return writeLongUtf8(value, characters);
        }
        int start = length;
        for (int index = 0; index < characters; index++) {
            char character = value.charAt(index);
            if (character >= 0x80) {
                length = start;
                return writeBytes(value.getBytes(StandardCharsets.UTF_8));
            }
            bytes[start + index] = (byte) character;
        }
        length = start + characters;
        return this;
    }

    private ByteWriter writeLongUtf8(String value, int characters) {
        if (characterScratch == null || characters > characterScratch.length) {
            characterScratch = new char[Math.max(characters, CHARACTER_SCRATCH_INITIAL)];
        }
        char[] scratch = characterScratch;
        value.getChars(0, characters, scratch, 0);
        byte[] out = bytes;
        int start = length;
        int seen = 0;
        for (int index = 0; index < characters; index++) {
            char character = scratch[index];
            seen |= character;
            out[start + index] = (byte) character;
        }
        if (seen >= 0x80) {
            return writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
        length = start + characters;
        return this;
    }

    /** Writes a fixed piece of text, without a length: its bytes are copied, not encoded again. */
    ByteWriter writeAscii(AsciiText text) {
        int bytesLength = text.length();
        ensure(bytesLength);
        text.copyTo(bytes, length);
        length += bytesLength;
        return this;
    }

    /** Writes the decimal digits of {@code number}, as {@link Long#toString(long)} spells them. */
    ByteWriter writeDecimal(long number) {
        ensure(20);
        if (number >= 0 && number <= Integer.MAX_VALUE) {
            writeDigits((int) number);
            return this;
        }
        if (number < 0) {
            bytes[length++] = '-';
        } else {
            number = -number; // works in negatives, so Long.MIN_VALUE needs no special case
        }
        int digits = 1;
        for (long rest = number / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int at = length + digits - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' - (int) (number % 10));
            number /= 10;
        }
        length += digits;
        return this;
    }

    /** Sequence numbers, counts and capacities fit an int: its division is cheaper than a long's. */
    private void writeDigits(int number) {
        int digits = 1;
        for (int bound = 10; digits < 10 && number >= bound; bound *= 10) {
            digits++;
        }
        for (int at = length + digits - 1; at >= length; at--) {
            int rest = number / 10;
            bytes[at] = (byte) ('0' + number - rest * 10);
            number = rest;
        }
        length += digits;
    }

    private ByteWriter writeBytes(byte[] utf8) {
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    /** The buffer itself, valid for {@link #position()} bytes until the next write. */
    byte[] array() {
        return bytes;
    }

    /** Drops everything after the first {@code position} bytes, to write from there again. */
    void truncate(int position) {
        Checks.check(position >= 0 && position <= length, "a writer of %d bytes keeps %d", length, position);
        length = position;
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
