package dsms.market.codec;

import dsms.core.Checks;
import dsms.market.Market;
import dsms.market.ShareType;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData;
import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAdded;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import dsms.market.result.ResultData.SharePurchased;
import dsms.market.result.ResultData.ShareRemoved;
import dsms.market.result.ResultData.ShareSold;
import dsms.market.result.ResultData.SharesSwapped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The canonical binary form of a result, on which the front end votes: equal results give equal
 * bytes, since every field is written in a fixed order and lists keep the market's order.
 *
 * <p>Layout, big-endian: version byte, code wire ID byte, message string; then, for OK only, a data
 * tag byte (1 ShareAdded, 2 ShareRemoved, 3 ShareAvailabilityList, 4 SharePurchased, 5
 * HoldingList, 6 ShareSold, 7 SharesSwapped) and the record's components in order. Strings are an
 * int byte length and UTF-8; markets and types are their ordinal byte; numbers are longs; lists
 * are an int count and their items.
 */
public final class ResultCodec {
    public static final int VERSION = 1;
    /** Bounds a decoded string so that a corrupt length cannot ask for a huge allocation. */
    private static final int STRING_LENGTH_MAX_BYTES = 1 << 16;
    private static final int MARKET_COUNT = Market.values().length;
    private static final int TYPE_COUNT = ShareType.values().length;
    /** The fewest bytes a list item takes: a market, a type, an empty string and one long. */
    private static final int LIST_ITEM_BYTES_MIN = 1 + 4 + 1 + 8;

    private ResultCodec() {}

    public static byte[] encode(Result result) {
        ByteWriter writer = new ByteWriter(128);
        writer.writeByte(VERSION).writeByte(result.code().wireId());
        writeMessage(writer, result);
        if (result.data() != null) {
            encodeData(writer, result.data());
        }
        return writer.toBytes();
    }

    /**
     * The code of the canonical result bytes in {@code bytes[offset, offset + length)}, read from
     * their first two bytes without decoding the rest; null when they do not start like a result.
     */
    public static ResultCode codeOf(byte[] bytes, int offset, int length) {
        if (length < 2 || (bytes[offset] & 0xFF) != VERSION) {
            return null;
        }
        return ResultCode.ofWireId(bytes[offset + 1] & 0xFF);
    }

    /** Decodes result bytes; returns empty when they are not a valid encoding. Never throws. */
    public static Optional<Result> decode(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            ByteReader reader = new ByteReader(bytes);
            if (reader.readByte() != VERSION) {
                return Optional.empty();
            }
            ResultCode code = ResultCode.ofWireId(reader.readByte());
            if (code == null) {
                return Optional.empty();
            }
            String message = reader.readString(STRING_LENGTH_MAX_BYTES);
            ResultData data = code == ResultCode.OK ? decodeData(reader) : null;
            reader.requireEnd();
            return Optional.of(new Result(code, message, data));
        } catch (ByteReader.Malformed malformed) {
            return Optional.empty();
        }
    }

    /**
     * Writes the message as a string (its byte length, then UTF-8) from its pieces, so a result
     * that has not built its message text yet never builds it here.
     */
    private static void writeMessage(ByteWriter writer, Result result) {
        int lengthPosition = writer.position();
        writer.writeInt(0);
        result.writeMessage(new Utf8Sink(writer));
        int byteLength = writer.position() - lengthPosition - 4;
        Checks.check(byteLength <= STRING_LENGTH_MAX_BYTES, "a string of %d bytes exceeds %d", byteLength, STRING_LENGTH_MAX_BYTES);
        writer.putInt(lengthPosition, byteLength);
    }

    private static void encodeData(ByteWriter writer, ResultData data) {
        if (data instanceof ShareAdded added) {
            share(writer.writeByte(1), added.shareId(), added.shareType()).writeLong(added.capacity());
        } else if (data instanceof ShareRemoved removed) {
            share(writer.writeByte(2), removed.shareId(), removed.shareType()).writeLong(removed.buyersAffected());
        } else if (data instanceof ShareAvailabilityList listing) {
            writer.writeByte(3).writeInt(listing.shares().size());
            for (ShareAvailability share : listing.shares()) {
                share(writer.writeByte(share.market().ordinal()), share.shareId(), share.shareType())
                        .writeLong(share.capacity())
                        .writeLong(share.remaining());
            }
        } else if (data instanceof SharePurchased purchased) {
            share(writer.writeByte(4), purchased.shareId(), purchased.shareType())
                    .writeLong(purchased.requested())
                    .writeLong(purchased.purchased());
        } else if (data instanceof HoldingList holdings) {
            writer.writeByte(5).writeInt(holdings.holdings().size());
            for (Holding holding : holdings.holdings()) {
                share(writer.writeByte(holding.market().ordinal()), holding.shareId(), holding.shareType())
                        .writeLong(holding.count());
            }
        } else if (data instanceof ShareSold sold) {
            share(writer.writeByte(6), sold.shareId(), sold.shareType()).writeLong(sold.sold()).writeLong(sold.held());
        } else if (data instanceof SharesSwapped swapped) {
            share(writer.writeByte(7), swapped.oldShareId(), swapped.oldShareType());
            share(writer, swapped.newShareId(), swapped.newShareType()).writeLong(swapped.count());
        } else {
            throw new IllegalStateException("no encoding for " + data);
        }
    }

    private static ResultData decodeData(ByteReader reader) {
        int tag = reader.readByte();
        return switch (tag) {
            case 1 -> new ShareAdded(reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong());
            case 2 -> new ShareRemoved(reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong());
            case 3 -> new ShareAvailabilityList(decodeAvailabilities(reader));
            case 4 -> new SharePurchased(reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong(), reader.readLong());
            case 5 -> new HoldingList(decodeHoldings(reader));
            case 6 -> new ShareSold(reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong(), reader.readLong());
            case 7 -> new SharesSwapped(
                    reader.readString(STRING_LENGTH_MAX_BYTES), type(reader),
                    reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong());
            default -> throw new ByteReader.Malformed("unknown data tag " + tag);
        };
    }

    private static List<ShareAvailability> decodeAvailabilities(ByteReader reader) {
        int count = listCount(reader);
        List<ShareAvailability> shares = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            shares.add(new ShareAvailability(
                    market(reader), reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong(), reader.readLong()));
        }
        return shares;
    }

    private static List<Holding> decodeHoldings(ByteReader reader) {
        int count = listCount(reader);
        List<Holding> holdings = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            holdings.add(new Holding(market(reader), reader.readString(STRING_LENGTH_MAX_BYTES), type(reader), reader.readLong()));
        }
        return holdings;
    }

    private static int listCount(ByteReader reader) {
        int count = reader.readInt();
        if (count < 0 || (long) count * LIST_ITEM_BYTES_MIN > reader.remaining()) {
            throw new ByteReader.Malformed("list count " + count + " out of range");
        }
        return count;
    }

    private static ByteWriter share(ByteWriter writer, String shareId, ShareType shareType) {
        return writer.writeString(shareId, STRING_LENGTH_MAX_BYTES).writeByte(shareType.ordinal());
    }

    private static Market market(ByteReader reader) {
        return Market.ofIndex(reader.readIndex(MARKET_COUNT, "market"));
    }

    private static ShareType type(ByteReader reader) {
        return ShareType.ofIndex(reader.readIndex(TYPE_COUNT, "share type"));
    }
}
