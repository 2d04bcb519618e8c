package dsms.market;

import dsms.core.Checks;
import dsms.core.InvariantViolation;
import dsms.core.SnapshotFormatException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The canonical snapshot encoding of the market state. Equal states give equal bytes whatever the
 * history that built them, because everything is written in key order and nothing else (slot
 * numbers, holder-list order, empty buyers) is written at all.
 *
 * <p>Layout, big-endian: magic {@code "DSMK"}, version byte, share count, then per share in key
 * order its key, capacity and remaining units (ints, since they are at most 10^9); then the count
 * of buyers holding anything, and per such buyer in user ID order its index, its holding count and
 * per holding in key order the share key and the units held.
 */
final class MarketSnapshot {
    static final int MAGIC = 0x44534D4B;
    static final byte VERSION = 1;
    private static final int HEADER_BYTES = 4 + 1 + 4;
    private static final int SHARE_BYTES = 4 + 4 + 4;
    private static final int BUYER_BYTES = 4 + 4;
    private static final int HOLDING_BYTES = 4 + 4;

    private MarketSnapshot() {}

    static byte[] encode(MarketState state) {
        ShareTable shares = state.shares;
        int buyersHolding = 0;
        for (int buyer = state.nextHoldingBuyer(0); buyer >= 0; buyer = state.nextHoldingBuyer(buyer + 1)) {
            buyersHolding++;
        }
        long length = HEADER_BYTES + (long) shares.size() * SHARE_BYTES + 4
                + (long) buyersHolding * BUYER_BYTES + state.holdingCount() * HOLDING_BYTES;
        Checks.check(length <= Integer.MAX_VALUE - 16, "a snapshot fits in one byte array");
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        buffer.putInt(MAGIC).put(VERSION).putInt(shares.size());
        for (int key = shares.nextKey(0); key >= 0; key = shares.nextKey(key + 1)) {
            int slot = shares.slotOf(key);
            buffer.putInt(key).putInt(Math.toIntExact(shares.capacity(slot))).putInt(Math.toIntExact(shares.remaining(slot)));
        }
        buffer.putInt(buyersHolding);
        for (int buyer = state.nextHoldingBuyer(0); buyer >= 0; buyer = state.nextHoldingBuyer(buyer + 1)) {
            BuyerHoldings holdings = state.holdingsOrNull(buyer);
            buffer.putInt(buyer).putInt(holdings.size());
            for (int index = 0; index < holdings.size(); index++) {
                buffer.putInt(holdings.key(index)).putInt(Math.toIntExact(holdings.count(index)));
            }
        }
        Checks.check(!buffer.hasRemaining(), "the snapshot length was computed exactly");
        return buffer.array();
    }

    /**
     * Decodes and fully validates a snapshot into a new state.
     *
     * @throws SnapshotFormatException when the bytes are not a snapshot of a valid state
     */
    static MarketState decode(byte[] snapshot) {
        if (snapshot == null) {
            throw new SnapshotFormatException("no bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(snapshot);
        try {
            DecodedShares decodedShares = decodeShares(buffer);
            MarketState state = new MarketState(decodedShares.keys().length);
            // Every share starts full; granting the decoded holdings then computes what remains,
            // which must equal the remaining units the snapshot states.
            for (int index = 0; index < decodedShares.keys().length; index++) {
                state.shares.add(decodedShares.keys()[index], decodedShares.capacities()[index], decodedShares.capacities()[index]);
            }
            decodeHoldings(buffer, state);
            require(!buffer.hasRemaining(), "trailing bytes after the holdings");
            for (int index = 0; index < decodedShares.keys().length; index++) {
                int key = decodedShares.keys()[index];
                require(
                        state.shares.remaining(state.shares.slotOf(key)) == decodedShares.remainings()[index],
                        "remaining + holdings differs from capacity for " + ShareKeys.describe(key));
            }
            MarketInvariants.check(state);
            return state;
        } catch (BufferUnderflowException truncated) {
            throw new SnapshotFormatException("truncated");
        } catch (InvariantViolation violation) {
            throw new SnapshotFormatException(violation.getMessage());
        }
    }

    /** The shares section, validated on its own: keys ascending, capacities and remaining in range. */
    private record DecodedShares(int[] keys, int[] capacities, int[] remainings) {}

    private static DecodedShares decodeShares(ByteBuffer buffer) {
        require(buffer.remaining() >= HEADER_BYTES, "shorter than the header");
        require(buffer.getInt() == MAGIC, "not a market snapshot (bad magic)");
        byte version = buffer.get();
        require(version == VERSION, "unsupported version " + version);
        int shareCount = buffer.getInt();
        require(shareCount >= 0 && (long) shareCount * SHARE_BYTES <= buffer.remaining(), "share count out of range");
        DecodedShares shares = new DecodedShares(new int[shareCount], new int[shareCount], new int[shareCount]);
        int previousKey = -1;
        for (int index = 0; index < shareCount; index++) {
            int key = buffer.getInt();
            int capacity = buffer.getInt();
            int remaining = buffer.getInt();
            require(ShareKeys.isValidKey(key), "invalid share key " + key);
            require(key > previousKey, "shares not in strictly ascending key order");
            require(Arguments.isCountInRange(capacity), "capacity out of range for " + ShareKeys.describe(key));
            require(remaining >= 0 && remaining <= capacity, "remaining out of range for " + ShareKeys.describe(key));
            shares.keys()[index] = key;
            shares.capacities()[index] = capacity;
            shares.remainings()[index] = remaining;
            previousKey = key;
        }
        return shares;
    }

    private static void decodeHoldings(ByteBuffer buffer, MarketState state) {
        int buyerCount = buffer.getInt();
        require(buyerCount >= 0 && buyerCount <= UserIds.BUYER_COUNT, "buyer count out of range");
        int previousBuyer = -1;
        for (int index = 0; index < buyerCount; index++) {
            int buyer = buffer.getInt();
            int holdingCount = buffer.getInt();
            require(buyer > previousBuyer && buyer < UserIds.BUYER_COUNT, "buyers not in strictly ascending order");
            require(holdingCount > 0 && (long) holdingCount * HOLDING_BYTES <= buffer.remaining(), "holding count out of range");
            int previousKey = -1;
            for (int holding = 0; holding < holdingCount; holding++) {
                int key = buffer.getInt();
                int count = buffer.getInt();
                require(key > previousKey, "holdings not in strictly ascending key order");
                int slot = key >= 0 ? state.shares.slotOf(key) : -1;
                require(slot >= 0, "a holding refers to a missing share");
                require(count > 0 && count <= state.shares.remaining(slot), "holding count out of range");
                state.grant(buyer, slot, count);
                previousKey = key;
            }
            previousBuyer = buyer;
        }
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new SnapshotFormatException(reason);
        }
    }
}
