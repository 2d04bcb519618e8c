package dsms.market;

import dsms.core.Checks;

/**
 * Checks every invariant of DOMAIN.md on a whole state, plus the internal agreement of the three
 * views of a holding (buyer holdings, share holder lists, remaining units). It walks the whole
 * state, so it is for tests, restores and checkpoints, not for every operation.
 */
final class MarketInvariants {
    private MarketInvariants() {}

    /** @throws dsms.core.InvariantViolation naming the first invariant that does not hold */
    static void check(MarketState state) {
        ShareTable shares = state.shares;
        long[] heldBySlot = new long[shares.slotLimit()];
        int[] holdersBySlot = new int[shares.slotLimit()];
        long holdingCount = 0;
        for (int buyer = 0; buyer < UserIds.BUYER_COUNT; buyer++) {
            BuyerHoldings holdings = state.holdingsOrNull(buyer);
            int size = holdings == null ? 0 : holdings.size();
            Checks.check(
                    state.isMarkedHolding(buyer) == (size > 0), "the set of buyers holding anything is exact (buyer %d)", buyer);
            for (int index = 0; index < size; index++) {
                int key = holdings.key(index);
                int slot = shares.slotOf(key);
                Checks.check(slot >= 0, "no holding refers to a missing share (buyer %d, key %d)", buyer, key);
                Checks.check(holdings.count(index) > 0, "no holding has a count of 0 or less (buyer %d, key %d)", buyer, key);
                Checks.check(index == 0 || holdings.key(index - 1) < key, "a buyer's holdings are sorted by key (buyer %d)", buyer);
                Checks.check(
                        shares.holder(slot, holdings.holderPosition(index)) == buyer,
                        "a holding knows its place in the share's holder list (buyer %d, key %d)", buyer, key);
                heldBySlot[slot] += holdings.count(index);
                holdersBySlot[slot]++;
                holdingCount++;
            }
        }
        Checks.check(holdingCount == state.holdingCount(), "the holding count matches the holdings");
        int shareCount = 0;
        for (int key = shares.nextKey(0); key >= 0; key = shares.nextKey(key + 1)) {
            int slot = shares.slotOf(key);
            Checks.check(slot >= 0 && shares.key(slot) == key, "the key index and the key set agree (key %d)", key);
            long capacity = shares.capacity(slot);
            long remaining = shares.remaining(slot);
            String share = ShareKeys.describe(key);
            Checks.check(Arguments.isCountInRange(capacity), "capacity is from 1 to 10^9 for %s", share);
            Checks.check(remaining >= 0 && remaining <= capacity, "0 <= remaining <= capacity for %s", share);
            Checks.check(remaining + heldBySlot[slot] == capacity, "remaining + sum of holdings = capacity for %s", share);
            Checks.check(holdersBySlot[slot] == shares.holderCount(slot), "the holder list matches the holdings of %s", share);
            shareCount++;
        }
        Checks.check(shareCount == shares.size(), "the share count matches the shares");
    }
}
