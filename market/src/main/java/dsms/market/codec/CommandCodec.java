package dsms.market.codec;

import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.Commands;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;

/**
 * The canonical binary form of a command, as the front end sends it and replicas apply it.
 *
 * <p>Layout, big-endian: version byte, operation tag byte (1 addShare, 2 removeShare, 3
 * listShareAvailability, 4 purchaseShare, 5 getShares, 6 sellShare, 7 swapShares), the acting user,
 * then the operation's fields in record order. A string is an int byte length and UTF-8 bytes; a
 * count is a long; sellShare's optional type is a presence byte (0 or 1) then the string. Decoding
 * accepts exactly what encoding produces, so a valid encoding has one form only.
 */
public final class CommandCodec {
    public static final int VERSION = 1;
    /** The longest string, in UTF-8 bytes: room for {@link Commands#ARGUMENT_LENGTH_MAX} chars. */
    public static final int STRING_LENGTH_MAX_BYTES = 3 * Commands.ARGUMENT_LENGTH_MAX;

    private static final int TAG_ADD_SHARE = 1;
    private static final int TAG_REMOVE_SHARE = 2;
    private static final int TAG_LIST_SHARE_AVAILABILITY = 3;
    private static final int TAG_PURCHASE_SHARE = 4;
    private static final int TAG_GET_SHARES = 5;
    private static final int TAG_SELL_SHARE = 6;
    private static final int TAG_SWAP_SHARES = 7;

    private CommandCodec() {}

    /** Encodes a command; strings longer than {@link #STRING_LENGTH_MAX_BYTES} are a programmer error. */
    public static byte[] encode(Command command) {
        ByteWriter writer = new ByteWriter(64);
        writer.writeByte(VERSION);
        if (command instanceof AddShare add) {
            writer.writeByte(TAG_ADD_SHARE);
            strings(writer, add.actingUser(), add.shareId(), add.shareType()).writeLong(add.capacity());
        } else if (command instanceof RemoveShare remove) {
            writer.writeByte(TAG_REMOVE_SHARE);
            strings(writer, remove.actingUser(), remove.shareId(), remove.shareType());
        } else if (command instanceof ListShareAvailability list) {
            writer.writeByte(TAG_LIST_SHARE_AVAILABILITY);
            strings(writer, list.actingUser(), list.shareType());
        } else if (command instanceof PurchaseShare purchase) {
            writer.writeByte(TAG_PURCHASE_SHARE);
            strings(writer, purchase.actingUser(), purchase.shareId(), purchase.shareType()).writeLong(purchase.count());
        } else if (command instanceof GetShares getShares) {
            writer.writeByte(TAG_GET_SHARES);
            strings(writer, getShares.actingUser());
        } else if (command instanceof SellShare sell) {
            writer.writeByte(TAG_SELL_SHARE);
            strings(writer, sell.actingUser(), sell.shareId()).writeLong(sell.count());
            writer.writeByte(sell.shareType() == null ? 0 : 1);
            if (sell.shareType() != null) {
                strings(writer, sell.shareType());
            }
        } else if (command instanceof SwapShares swap) {
            writer.writeByte(TAG_SWAP_SHARES);
            strings(writer, swap.actingUser(), swap.oldShareId(), swap.oldShareType(), swap.newShareId(), swap.newShareType());
        } else {
            throw new IllegalStateException("no encoding for " + command.operation());
        }
        return writer.toBytes();
    }

    /** Decodes command bytes; never throws: malformed bytes give {@link CommandDecoding.Malformed}. */
    public static CommandDecoding decode(byte[] bytes) {
        if (bytes == null) {
            return new CommandDecoding.Malformed("no bytes");
        }
        try {
            ByteReader reader = new ByteReader(bytes);
            int version = reader.readByte();
            if (version != VERSION) {
                return new CommandDecoding.Malformed("unsupported version " + version);
            }
            Command command = decodeBody(reader);
            reader.requireEnd();
            return new CommandDecoding.Decoded(command);
        } catch (ByteReader.Malformed malformed) {
            return new CommandDecoding.Malformed(malformed.getMessage());
        }
    }

    private static Command decodeBody(ByteReader reader) {
        int tag = reader.readByte();
        String actingUser = string(reader);
        return switch (tag) {
            case TAG_ADD_SHARE -> new AddShare(actingUser, string(reader), string(reader), reader.readLong());
            case TAG_REMOVE_SHARE -> new RemoveShare(actingUser, string(reader), string(reader));
            case TAG_LIST_SHARE_AVAILABILITY -> new ListShareAvailability(actingUser, string(reader));
            case TAG_PURCHASE_SHARE -> new PurchaseShare(actingUser, string(reader), string(reader), reader.readLong());
            case TAG_GET_SHARES -> new GetShares(actingUser);
            case TAG_SELL_SHARE -> new SellShare(actingUser, string(reader), reader.readLong(), optionalString(reader));
            case TAG_SWAP_SHARES ->
                    new SwapShares(actingUser, string(reader), string(reader), string(reader), string(reader));
            default -> throw new ByteReader.Malformed("unknown operation tag " + tag);
        };
    }

    private static ByteWriter strings(ByteWriter writer, String... values) {
        for (String value : values) {
            writer.writeString(value, STRING_LENGTH_MAX_BYTES);
        }
        return writer;
    }

    private static String string(ByteReader reader) {
        return reader.readString(STRING_LENGTH_MAX_BYTES);
    }

    private static String optionalString(ByteReader reader) {
        int present = reader.readByte();
        if (present > 1) {
            throw new ByteReader.Malformed("presence byte " + present);
        }
        return present == 1 ? string(reader) : null;
    }
}
