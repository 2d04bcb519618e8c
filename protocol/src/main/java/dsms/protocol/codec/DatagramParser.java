package dsms.protocol.codec;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the sender and messages of a datagram whose magic, version and MAC were already checked.
 * Never throws on any content: every way the bytes can be wrong ends in a {@link Rejection}.
 */
final class DatagramParser {
    /** One shared instance per reason: a rejection carries nothing else. */
    private static final DecodeResult.Rejected[] REJECTED_BY_ORDINAL = rejectedByOrdinal();

    /** Where the sender's role byte starts, after the magic and version. */
    private static final int SENDER_OFFSET = 4 + 1;

    private DatagramParser() {}

    static DecodeResult.Rejected rejected(Rejection reason) {
        return REJECTED_BY_ORDINAL[reason.ordinal()];
    }

    /** Parses {@code datagram} from index 0 up to {@code tagOffset}, where its MAC starts. */
    static DecodeResult parse(ByteBuffer datagram, int tagOffset) {
        WireReader reader = new WireReader(datagram, SENDER_OFFSET, tagOffset);
        NodeId from = MessageReader.readNode(reader, Rejection.BAD_SENDER);
        int messageCount = reader.readUnsignedShort();
        // Bounded by what the bytes can hold before the list is allocated.
        reader.require(
                messageCount >= 1 && messageCount <= reader.remainingBytes() / DatagramFormat.MESSAGE_HEADER_BYTES,
                Rejection.BAD_MESSAGE_COUNT);
        if (reader.failed()) {
            return rejected(reader.failure());
        }
        List<Message> messages = new ArrayList<>(messageCount);
        for (int message = 0; message < messageCount && !reader.failed(); message++) {
            messages.add(readMessage(reader));
        }
        reader.require(reader.remainingBytes() == 0, Rejection.TRAILING_BYTES);
        return reader.failed() ? rejected(reader.failure()) : new DecodeResult.Decoded(from, messages);
    }

    /** Reads one message's type, length and body, or returns null when the reader failed. */
    private static Message readMessage(WireReader reader) {
        if (reader.remainingBytes() < DatagramFormat.MESSAGE_HEADER_BYTES) {
            reader.fail(Rejection.BAD_MESSAGE_COUNT);
            return null;
        }
        MessageType type = MessageType.ofCode(reader.readUnsignedByte());
        int bodyBytes = reader.readUnsignedShort();
        if (type == null) {
            reader.fail(Rejection.UNKNOWN_MESSAGE_TYPE);
            return null;
        }
        if (bodyBytes > reader.remainingBytes()) {
            reader.fail(Rejection.BAD_LENGTH);
            return null;
        }
        int outerLimit = reader.enter(bodyBytes);
        Message message = MessageReader.read(type, reader);
        reader.leave(outerLimit);
        return message;
    }

    private static DecodeResult.Rejected[] rejectedByOrdinal() {
        Rejection[] reasons = Rejection.values();
        DecodeResult.Rejected[] rejected = new DecodeResult.Rejected[reasons.length];
        for (Rejection reason : reasons) {
            rejected[reason.ordinal()] = new DecodeResult.Rejected(reason);
        }
        return rejected;
    }
}
