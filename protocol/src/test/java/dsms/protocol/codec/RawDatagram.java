package dsms.protocol.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds datagrams byte by byte, bypassing the encoder, so that tests can sign content the
 * encoder would refuse to produce and check how the decoder treats it.
 */
final class RawDatagram {
    private final ByteBuffer bytes = ByteBuffer.allocate(DatagramFormat.UDP_PAYLOAD_BYTES_MAX);

    /** A datagram with a valid magic and version, the given sender bytes and message count. */
    static RawDatagram header(int roleOrdinal, int index, int messageCount) {
        RawDatagram datagram = new RawDatagram();
        datagram.bytes.putInt(DatagramFormat.MAGIC).put(DatagramFormat.VERSION);
        datagram.bytes.put((byte) roleOrdinal).put((byte) index).putShort((short) messageCount);
        return datagram;
    }

    /** A message whose length prefix is the length of {@code body}. */
    RawDatagram message(int typeCode, byte[] body) {
        return message(typeCode, body.length, body);
    }

    /** A message whose length prefix may lie about the body that follows. */
    RawDatagram message(int typeCode, int bodyBytes, byte[] body) {
        bytes.put((byte) typeCode).putShort((short) bodyBytes).put(body);
        return this;
    }

    RawDatagram raw(byte... raw) {
        bytes.put(raw);
        return this;
    }

    /** The bytes so far, without a MAC. */
    byte[] unsigned() {
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /** The bytes so far followed by their HMAC under {@code secret}. */
    byte[] signed(byte[] secret) {
        return Datagrams.signed(secret, unsigned());
    }

    /** A message body built with a big-endian buffer. */
    static Body body() {
        return new Body();
    }

    static final class Body {
        private final ByteBuffer bytes = ByteBuffer.allocate(DatagramFormat.UDP_PAYLOAD_BYTES_MAX);

        Body i64(long... values) {
            for (long value : values) {
                bytes.putLong(value);
            }
            return this;
        }

        Body i32(int value) {
            bytes.putInt(value);
            return this;
        }

        Body u16(int value) {
            bytes.putShort((short) value);
            return this;
        }

        Body u8(int value) {
            bytes.put((byte) value);
            return this;
        }

        /** A u16 length prefix and then {@code count} bytes of filler. */
        Body bytesOfLength(int count) {
            return u16(count).filler(count);
        }

        Body raw(byte[] raw) {
            bytes.put(raw);
            return this;
        }

        Body filler(int count) {
            for (int index = 0; index < count; index++) {
                bytes.put((byte) index);
            }
            return this;
        }

        byte[] build() {
            return Arrays.copyOf(bytes.array(), bytes.position());
        }
    }
}
