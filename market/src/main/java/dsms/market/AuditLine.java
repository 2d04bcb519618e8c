package dsms.market;

import dsms.core.Checks;
import dsms.market.result.MessageSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One audit line built as UTF-8 bytes in a buffer reused from line to line.
 *
 * <p>Building each line as a string, then encoding it for the files, allocated about a third of
 * everything a replica allocated under load (string builders, their copies, the strings and their
 * bytes), and its young collections paused the replica's loop accordingly. The line's pieces are
 * written here as bytes once, and the sink writes the same bytes to every log the line belongs in.
 *
 * <p>Text is encoded exactly as {@code String.getBytes(UTF_8)} encodes it, an unpaired surrogate
 * as {@code '?'}, so the files hold what they held when lines were strings.
 */
final class AuditLine implements MessageSink {
    /**
     * The longest line: raw input is cut to {@link Ascii#QUOTED_LENGTH_MAX} characters wherever it
     * appears, so real lines are a few hundred bytes; this only stops a programming error from
     * growing the buffer without end.
     */
    static final int LINE_BYTES_MAX = 64 * 1024;

    private byte[] bytes = new byte[256];
    private int length;

    /** Starts a new line. */
    void clear() {
        length = 0;
    }

    /** Cuts the line back to its first {@code lengthKept} bytes, to append a different ending. */
    void truncate(int lengthKept) {
        Checks.check(lengthKept >= 0 && lengthKept <= length, "a line of %d bytes keeps %d", length, lengthKept);
        length = lengthKept;
    }

    int length() {
        return length;
    }

    /** The buffer, valid for {@link #length()} bytes until the line changes. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public AuditLine append(String text) {
        int characters = text.length();
        room(characters);
        for (int index = 0; index < characters; index++) {
            char character = text.charAt(index);
            if (character < 0x80) {
                bytes[length++] = (byte) character;
            } else {
                index = appendNonAscii(text, index);
            }
        }
        return this;
    }

    @Override
    public AuditLine append(char character) {
        room(1);
        if (character < 0x80) {
            bytes[length++] = (byte) character;
        } else {
            appendNonAscii(String.valueOf(character), 0);
        }
        return this;
    }

    @Override
    public AuditLine append(long number) {
        if (number == Long.MIN_VALUE) {
            return append(Long.toString(number));
        }
        room(20);
        if (number < 0) {
            bytes[length++] = '-';
            number = -number;
        }
        int digits = 1;
        for (long rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int position = length + digits - 1; position >= length; position--) {
            bytes[position] = (byte) ('0' + number % 10);
            number /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * Encodes the non-ASCII character at {@code index}, with the next one when the two form a
     * surrogate pair; returns the index of the last character used.
     */
    private int appendNonAscii(String text, int index) {
        char character = text.charAt(index);
        // Room for this character's bytes and for the rest of the text as ASCII.
        room(4 + text.length() - index - 1);
        if (character < 0x800) {
            bytes[length++] = (byte) (0xC0 | character >> 6);
            bytes[length++] = (byte) (0x80 | character & 0x3F);
            return index;
        }
        if (Character.isHighSurrogate(character) && index + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(index + 1))) {
            int codePoint = Character.toCodePoint(character, text.charAt(index + 1));
            bytes[length++] = (byte) (0xF0 | codePoint >> 18);
            bytes[length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
            return index + 1;
        }
        if (Character.isSurrogate(character)) {
            bytes[length++] = '?';
            return index;
        }
        bytes[length++] = (byte) (0xE0 | character >> 12);
        bytes[length++] = (byte) (0x80 | character >> 6 & 0x3F);
        bytes[length++] = (byte) (0x80 | character & 0x3F);
        return index;
    }

    /** Makes room for {@code bytesMore} more bytes. */
    private void room(int bytesMore) {
        long needed = (long) length + bytesMore;
        if (needed > bytes.length) {
            Checks.check(needed <= LINE_BYTES_MAX, "an audit line of %d bytes fits %d", needed, LINE_BYTES_MAX);
            bytes = Arrays.copyOf(bytes, (int) Math.min(LINE_BYTES_MAX, Math.max(needed, 2L * bytes.length)));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
