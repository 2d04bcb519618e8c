package dsms.protocol.codec;

import dsms.core.Checks;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes protocol messages into authenticated datagrams and decodes them back; the layout is
 * in {@link DatagramFormat}.
 *
 * <p>Decoding never throws on any content: a datagram is either accepted whole, as a {@link
 * DecodeResult.Decoded} holding every message, or rejected whole with the {@link Rejection} that
 * explains why. The MAC is checked before any message is parsed, so forged bytes never reach the
 * parser.
 *
 * <p>Not thread-safe: an instance reuses one {@link javax.crypto.Mac} and an encoding buffer, so
 * that the hot path allocates little. Give each sending or receiving thread its own codec.
 *
 * <p>Every node of a cluster must use the same {@code datagramBytesMax}, so that whatever one
 * node can send, every other node's receive buffer can hold.
 */
public final class DatagramCodec {
    private static final int MESSAGE_COUNT_OFFSET = 4 + 1 + 1 + 1;

    /**
     * Starts a stored record ({@link #encodeStored}) where a datagram starts with {@link
     * DatagramFormat#MAGIC}, so that neither is ever taken for the other.
     */
    public static final int STORED_MAGIC = 0x44534D52;

    private final MessageAuthenticator authenticator;
    private final int datagramBytesMax;
    private final ByteBuffer encodingBuffer;

    /** A codec for datagrams of up to {@link DatagramFormat#DATAGRAM_BYTES_MAX_DEFAULT} bytes. */
    public DatagramCodec(byte[] clusterSecret) {
        this(clusterSecret, DatagramFormat.DATAGRAM_BYTES_MAX_DEFAULT);
    }

    /**
     * @param clusterSecret the key of every datagram's HMAC: at least {@link
     *     DatagramFormat#CLUSTER_SECRET_BYTES_MIN} bytes, copied
     * @param datagramBytesMax the size of the largest datagram to encode: within {@link
     *     DatagramFormat#DATAGRAM_BYTES_MIN}..{@link DatagramFormat#UDP_PAYLOAD_BYTES_MAX}
     */
    public DatagramCodec(byte[] clusterSecret, int datagramBytesMax) {
        Checks.check(
                clusterSecret != null && clusterSecret.length >= DatagramFormat.CLUSTER_SECRET_BYTES_MIN,
                "a cluster secret has at least %d bytes",
                DatagramFormat.CLUSTER_SECRET_BYTES_MIN);
        Checks.check(
                datagramBytesMax >= DatagramFormat.DATAGRAM_BYTES_MIN
                        && datagramBytesMax <= DatagramFormat.UDP_PAYLOAD_BYTES_MAX,
                "datagramBytesMax %d is within %d..%d",
                datagramBytesMax,
                DatagramFormat.DATAGRAM_BYTES_MIN,
                DatagramFormat.UDP_PAYLOAD_BYTES_MAX);
        this.authenticator = new MessageAuthenticator(clusterSecret.clone());
        this.datagramBytesMax = datagramBytesMax;
        this.encodingBuffer = ByteBuffer.allocate(datagramBytesMax);
    }

    public int datagramBytesMax() {
        return datagramBytesMax;
    }

    /** The largest message, as {@link #encodedLengthBytes} counts, that fits one datagram. */
    public int messageBytesMax() {
        return DatagramFormat.messageBytesMax(datagramBytesMax);
    }

    /** The largest result chunk one {@code ReplicaResult} can carry. */
    public int resultChunkBytesMax() {
        return DatagramFormat.resultChunkBytesMax(datagramBytesMax);
    }

    /** The largest checkpoint chunk one {@code CheckpointChunk} can carry. */
    public int checkpointChunkBytesMax() {
        return DatagramFormat.checkpointChunkBytesMax(datagramBytesMax);
    }

    /** The bytes {@code message} takes in a datagram, its type code and length included. */
    public int encodedLengthBytes(Message message) {
        return DatagramFormat.encodedLengthBytes(message);
    }

    /**
     * Packs {@code messages}, in order, into as few datagrams as fit, each of at most {@link
     * #datagramBytesMax()} bytes. A message larger than {@link #messageBytesMax()} or with a field
     * out of range is a programmer error.
     *
     * @return the datagrams in order; none when {@code messages} is empty
     */
    public List<byte[]> encode(NodeId from, List<? extends Message> messages) {
        List<byte[]> datagrams = new ArrayList<>(1);
        int nextIndex = 0;
        while (nextIndex < messages.size()) {
            encodingBuffer.clear();
            nextIndex = encodeDatagram(from, messages, nextIndex, encodingBuffer);
            encodingBuffer.flip();
            byte[] datagram = new byte[encodingBuffer.remaining()];
            encodingBuffer.get(datagram);
            datagrams.add(datagram);
        }
        return datagrams;
    }

    /**
     * Encodes one datagram into {@code destination}, from its position, holding as many messages
     * from {@code firstIndex} on as fit; the position ends after the datagram. This is the form
     * of {@link #encode} for the hot path: it writes into the caller's buffer, typically the one
     * handed to the socket, instead of allocating an array per datagram. Call it again from the
     * returned index, with a fresh or cleared buffer, until every message is encoded.
     *
     * @param destination a big-endian buffer with at least {@link #datagramBytesMax()} bytes
     *     remaining
     * @return the index of the first message not encoded, {@code messages.size()} when all were
     */
    public int encodeDatagram(NodeId from, List<? extends Message> messages, int firstIndex, ByteBuffer destination) {
        Checks.check(from != null, "a datagram has a sender");
        Checks.check(firstIndex >= 0 && firstIndex < messages.size(), "there is a message at the first index");
        Checks.check(destination.remaining() >= datagramBytesMax, "the destination has room for a whole datagram");
        Checks.check(destination.order() == ByteOrder.BIG_ENDIAN, "the destination buffer is big-endian");
        // A constant message: formatting arguments would allocate on every datagram of the hot path.
        Checks.check(
                encodedLengthBytes(messages.get(firstIndex)) <= messageBytesMax(),
                "a message fits one datagram: its encodedLengthBytes are at most messageBytesMax");
        int start = destination.position();
        int tagOffsetMax = start + datagramBytesMax - DatagramFormat.MAC_BYTES;
        writeHeader(DatagramFormat.MAGIC, from, destination);
        int nextIndex = firstIndex;
        while (nextIndex < messages.size() && nextIndex - firstIndex < MessageWriter.UNSIGNED_SHORT_MAX) {
            Message message = messages.get(nextIndex);
            int bodyBytes = MessageWriter.bodyBytes(message);
            if (DatagramFormat.MESSAGE_HEADER_BYTES + bodyBytes > tagOffsetMax - destination.position()) {
                break;
            }
            MessageWriter.write(message, bodyBytes, destination);
            nextIndex++;
        }
        destination.putShort(start + MESSAGE_COUNT_OFFSET, (short) (nextIndex - firstIndex));
        int tagOffset = destination.position();
        authenticator.sign(destination, start, tagOffset);
        destination.position(tagOffset + DatagramFormat.MAC_BYTES);
        return nextIndex;
    }

    /** The bytes {@link #encodeStored} writes for {@code message}. */
    public int storedLengthBytes(Message message) {
        return DatagramFormat.HEADER_BYTES + DatagramFormat.MESSAGE_HEADER_BYTES + MessageWriter.bodyBytes(message);
    }

    /**
     * Encodes one message for the sender's own storage (the write-ahead logs) at the position of
     * {@code destination}, which ends after it: a datagram's layout that starts with {@link
     * #STORED_MAGIC} and carries no MAC. Signing every logged entry cost the sequencer and each
     * replica an HMAC per operation (8 to 12 % of a replica's CPU in profiles), and bought nothing:
     * the log's CRC catches corruption, and whoever can write the data directory can replace its
     * snapshots, which carry only a CRC too. The logs have it written straight into their own
     * buffers: an array per logged entry, copied in, was a tenth of a replica's loop at 65,000
     * operations a second.
     *
     * @param destination a big-endian buffer with at least {@link #storedLengthBytes} remaining
     */
    public void encodeStored(NodeId from, Message message, ByteBuffer destination) {
        Checks.check(from != null, "a stored record has a sender");
        int bodyBytes = MessageWriter.bodyBytes(message);
        Checks.check(DatagramFormat.MESSAGE_HEADER_BYTES + bodyBytes <= messageBytesMax(),
                "a stored message fits one datagram: its encodedLengthBytes are at most messageBytesMax");
        int recordBytes = DatagramFormat.HEADER_BYTES + DatagramFormat.MESSAGE_HEADER_BYTES + bodyBytes;
        Checks.check(destination.remaining() >= recordBytes, "the destination has room for the stored record");
        Checks.check(destination.order() == ByteOrder.BIG_ENDIAN, "the destination buffer is big-endian");
        int start = destination.position();
        writeHeader(STORED_MAGIC, from, destination);
        MessageWriter.write(message, bodyBytes, destination);
        destination.putShort(start + MESSAGE_COUNT_OFFSET, (short) 1);
    }

    /**
     * Decodes a record of {@link #encodeStored}. It checks no MAC, so it is only for a node's own
     * files, which their CRC protects, and never for anything from the network. Never throws on
     * any content.
     */
    public DecodeResult decodeStored(byte[] record) {
        ByteBuffer bytes = ByteBuffer.wrap(record);
        if (record.length < DatagramFormat.HEADER_BYTES) {
            return DatagramParser.rejected(Rejection.TOO_SHORT);
        }
        if (bytes.getInt(0) != STORED_MAGIC) {
            return DatagramParser.rejected(Rejection.BAD_MAGIC);
        }
        if (bytes.get(4) != DatagramFormat.VERSION) {
            return DatagramParser.rejected(Rejection.UNSUPPORTED_VERSION);
        }
        return DatagramParser.parse(bytes, record.length);
    }

    /** Decodes a whole array as one datagram; see {@link #decode(byte[], int, int)}. */
    public DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes the datagram in {@code bytes} from {@code offset}, {@code length} bytes long. Never
     * throws on any content; bounds outside the array are a programmer error.
     */
    public DecodeResult decode(byte[] bytes, int offset, int length) {
        Checks.check(
                bytes != null && offset >= 0 && length >= 0 && offset <= bytes.length - length,
                "the datagram lies within the array");
        return decodeWhole(ByteBuffer.wrap(bytes, offset, length).slice());
    }

    /**
     * Decodes the datagram between the position and the limit of {@code datagram}, heap or
     * direct, leaving its position and limit unchanged. Never throws on any content.
     */
    public DecodeResult decode(ByteBuffer datagram) {
        return decodeWhole(datagram.slice().order(ByteOrder.BIG_ENDIAN));
    }

    /** Decodes {@code datagram}, a big-endian view that holds exactly one datagram from index 0. */
    private DecodeResult decodeWhole(ByteBuffer datagram) {
        int length = datagram.limit();
        if (length < DatagramFormat.DATAGRAM_OVERHEAD_BYTES) {
            return DatagramParser.rejected(Rejection.TOO_SHORT);
        }
        if (datagram.getInt(0) != DatagramFormat.MAGIC) {
            return DatagramParser.rejected(Rejection.BAD_MAGIC);
        }
        if (datagram.get(4) != DatagramFormat.VERSION) {
            return DatagramParser.rejected(Rejection.UNSUPPORTED_VERSION);
        }
        int tagOffset = length - DatagramFormat.MAC_BYTES;
        if (!authenticator.verify(datagram, 0, tagOffset)) {
            return DatagramParser.rejected(Rejection.BAD_MAC);
        }
        return DatagramParser.parse(datagram, tagOffset);
    }

    private static void writeHeader(int magic, NodeId from, ByteBuffer destination) {
        destination.putInt(magic).put(DatagramFormat.VERSION);
        destination.put((byte) from.role().ordinal()).put((byte) from.index());
        // The message count is written once the messages that fit are known.
        destination.putShort((short) 0);
    }
}
