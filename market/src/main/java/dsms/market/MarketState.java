package dsms.market;

import dsms.core.Checks;
import java.util.Arrays;

/**
 * The whole state of the market: the shares and every buyer's holdings, kept consistent with each
 * other. Every change of a holding goes through this class, so the three views (a buyer's
 * holdings, a share's remaining units and a share's holder list) always agree.
 */
final class MarketState {
    final ShareTable shares;
    private final BuyerHoldings[] holdingsByBuyer = new BuyerHoldings[UserIds.BUYER_COUNT];
    /** Bit b is set when buyer b holds anything, so whole-state walks skip idle buyers. */
    private final long[] holdingBuyerBits = new long[(UserIds.BUYER_COUNT + 63) >>> 6];
    private long holdingCount;

    MarketState(int expectedShares) {
        shares = new ShareTable(expectedShares);
    }

    long holdingCount() {
        return holdingCount;
    }

    /** Tells whether the buyer is marked as holding anything. */
    boolean isMarkedHolding(int buyerIndex) {
        return (holdingBuyerBits[buyerIndex >>> 6] & (1L << buyerIndex)) != 0;
    }

    /** Returns the smallest index of a buyer holding anything at or above {@code fromBuyer}, or -1. */
    int nextHoldingBuyer(int fromBuyer) {
        int word = fromBuyer >>> 6;
        if (word >= holdingBuyerBits.length) {
            return -1;
        }
        long bits = holdingBuyerBits[word] & (-1L << fromBuyer);
        while (bits == 0) {
            word++;
            if (word == holdingBuyerBits.length) {
                return -1;
            }
            bits = holdingBuyerBits[word];
        }
        return (word << 6) + Long.numberOfTrailingZeros(bits);
    }

    /** Returns the buyer's holdings, or null when the buyer never held anything. */
    BuyerHoldings holdingsOrNull(int buyerIndex) {
        return holdingsByBuyer[buyerIndex];
    }

    /** Gives a buyer a new holding of {@code count} units, taken from the share's remaining units. */
    void grant(int buyerIndex, int slot, long count) {
        Checks.check(count > 0, "a holding has a positive count");
        BuyerHoldings holdings = holdingsByBuyer[buyerIndex];
        if (holdings == null) {
            holdings = new BuyerHoldings();
            holdingsByBuyer[buyerIndex] = holdings;
        }
        int key = shares.key(slot);
        int index = holdings.indexOf(key);
        Checks.check(index < 0, "a buyer holds a share at most once");
        shares.addToRemaining(slot, -count);
        int position = shares.addHolder(slot, buyerIndex);
        holdings.insertAt(-index - 1, key, count, position);
        holdingBuyerBits[buyerIndex >>> 6] |= 1L << buyerIndex;
        holdingCount++;
    }

    /** Returns {@code count} units of a holding to its share, dropping the holding when it empties. */
    void sell(int buyerIndex, int holdingIndex, long count) {
        BuyerHoldings holdings = holdingsByBuyer[buyerIndex];
        long held = holdings.count(holdingIndex);
        Checks.check(count > 0 && count <= held, "a sale is positive and at most the holding");
        int slot = shares.slotOf(holdings.key(holdingIndex));
        if (count == held) {
            drop(buyerIndex, holdingIndex);
        } else {
            holdings.setCount(holdingIndex, held - count);
            shares.addToRemaining(slot, count);
        }
    }

    /** Returns a whole holding to its share and deletes it; returns the number of units returned. */
    long drop(int buyerIndex, int holdingIndex) {
        BuyerHoldings holdings = holdingsByBuyer[buyerIndex];
        int key = holdings.key(holdingIndex);
        long held = holdings.count(holdingIndex);
        int slot = shares.slotOf(key);
        int position = holdings.holderPosition(holdingIndex);
        int movedBuyer = shares.removeHolderAt(slot, position);
        if (movedBuyer >= 0) {
            BuyerHoldings moved = holdingsByBuyer[movedBuyer];
            moved.setHolderPosition(moved.indexOf(key), position);
        }
        removeHoldingAt(buyerIndex, holdings, holdingIndex);
        shares.addToRemaining(slot, held);
        holdingCount--;
        return held;
    }

    /**
     * Deletes a share and every holding of it.
     *
     * @return one entry per affected buyer, sorted by buyer index (which is user ID order): the
     *     buyer index in the high 32 bits, the units the buyer lost in the low 32 bits
     */
    long[] removeShare(int slot) {
        int key = shares.key(slot);
        int holderCount = shares.holderCount(slot);
        long[] affected = new long[holderCount];
        for (int position = 0; position < holderCount; position++) {
            int buyerIndex = shares.holder(slot, position);
            BuyerHoldings holdings = holdingsByBuyer[buyerIndex];
            int index = holdings.indexOf(key);
            long held = holdings.count(index);
            affected[position] = ((long) buyerIndex << 32) | held;
            removeHoldingAt(buyerIndex, holdings, index);
        }
        // The holder list is in purchase order, which differs between histories; sorting makes the
        // audit lines and any later use independent of it.
        Arrays.sort(affected);
        holdingCount -= holderCount;
        shares.clearHolders(slot);
        shares.remove(slot);
        return affected;
    }

    private void removeHoldingAt(int buyerIndex, BuyerHoldings holdings, int index) {
        holdings.removeAt(index);
        if (holdings.size() == 0) {
            holdingBuyerBits[buyerIndex >>> 6] &= ~(1L << buyerIndex);
        }
    }
}
