package dsms.market.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the canonical encodings with a bounds check on every read. Any violation throws {@link
 * Malformed}, which the codecs catch and turn into a rejection: it never leaves the codec package.
 */
final class ByteReader {
    /** Malformed input; stackless because it is ordinary flow for bytes from the network. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final byte[] bytes;
    private int position;

    ByteReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int remaining() {
        return bytes.length - position;
    }

    int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    int readInt() {
        require(4);
        int value = 0;
        for (int index = 0; index < 4; index++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readLong() {
        require(8);
        long value = 0;
        for (int index = 0; index < 8; index++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /** Reads a length-prefixed string, rejecting lengths over the bound and invalid UTF-8. */
    String readString(int lengthMaxBytes) {
        int length = readInt();
        if (length < 0 || length > lengthMaxBytes) {
            throw new Malformed("string length " + length + " out of range");
        }
        require(length);
        if (isAscii(position, length)) {
            // ASCII is valid UTF-8 and is what IDs and types are made of: skip the strict decoder.
            String value = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
            position += length;
            return value;
        }
        try {
            String value =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, position, length))
                            .toString();
            position += length;
            return value;
        } catch (CharacterCodingException invalid) {
            throw new Malformed("a string is not valid UTF-8");
        }
    }

    private boolean isAscii(int offset, int length) {
        for (int index = offset; index < offset + length; index++) {
            if (bytes[index] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads an enum-like byte that must be below {@code bound}. */
    int readIndex(int bound, String what) {
        int value = readByte();
        if (value >= bound) {
            throw new Malformed("unknown " + what + " " + value);
        }
        return value;
    }

    void requireEnd() {
        if (position != bytes.length) {
            throw new Malformed((bytes.length - position) + " trailing bytes");
        }
    }

    private void require(int length) {
        if (bytes.length - position < length) {
            throw new Malformed("truncated");
        }
    }
}
