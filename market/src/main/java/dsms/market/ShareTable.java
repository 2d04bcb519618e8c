package dsms.market;

import dsms.core.Checks;
import java.util.Arrays;

/**
 * Every existing share: capacity, remaining units and the buyers holding it.
 *
 * <p>Shares live in slots (parallel arrays, reused through a free list); a hash index maps a share
 * key to its slot for point look-ups, and a bit set over the whole key space gives the shares in
 * key order, which is the listing order, for listings and snapshots. Nothing here depends on the
 * order in which shares were added except slot numbers, which never reach any output.
 */
final class ShareTable {
    private static final int SLOTS_INITIAL = 16;

    private final IntIntHashMap slotByKey;
    private final long[] presentKeyBits = new long[ShareKeys.KEY_SPACE >>> 6];
    /** Bit w is set when word w of {@link #presentKeyBits} is non-zero, so scans skip empty words. */
    private final long[] nonEmptyWordBits = new long[ShareKeys.KEY_SPACE >>> 12];
    private int[] keyBySlot;
    private long[] capacityBySlot;
    private long[] remainingBySlot;
    private int[][] holdersBySlot;
    private int[] holderCountBySlot;
    private int[] freeSlots = new int[SLOTS_INITIAL];
    private int freeSlotCount;
    private int slotsInUse;
    private int size;

    ShareTable(int expectedShares) {
        int slots = Math.max(SLOTS_INITIAL, expectedShares);
        slotByKey = new IntIntHashMap(slots);
        keyBySlot = new int[slots];
        capacityBySlot = new long[slots];
        remainingBySlot = new long[slots];
        holdersBySlot = new int[slots][];
        holderCountBySlot = new int[slots];
    }

    int size() {
        return size;
    }

    /** Every slot in use is below this bound. */
    int slotLimit() {
        return slotsInUse;
    }

    /** Returns the slot of the share, or -1 when it does not exist. */
    int slotOf(int key) {
        return slotByKey.get(key);
    }

    int key(int slot) {
        return keyBySlot[slot];
    }

    long capacity(int slot) {
        return capacityBySlot[slot];
    }

    long remaining(int slot) {
        return remainingBySlot[slot];
    }

    void addToRemaining(int slot, long delta) {
        long remaining = remainingBySlot[slot] + delta;
        Checks.check(remaining >= 0 && remaining <= capacityBySlot[slot], "0 <= remaining <= capacity");
        remainingBySlot[slot] = remaining;
    }

    /** Creates a share that does not exist yet; returns its slot. */
    int add(int key, long capacity, long remaining) {
        Checks.check(slotOf(key) < 0, "a share is added at most once");
        int slot = freeSlotCount > 0 ? freeSlots[--freeSlotCount] : newSlot();
        keyBySlot[slot] = key;
        capacityBySlot[slot] = capacity;
        remainingBySlot[slot] = remaining;
        holderCountBySlot[slot] = 0;
        slotByKey.put(key, slot);
        presentKeyBits[key >>> 6] |= 1L << key;
        nonEmptyWordBits[key >>> 12] |= 1L << (key >>> 6);
        size++;
        return slot;
    }

    /** Deletes a share that no buyer holds any more. */
    void remove(int slot) {
        Checks.check(holderCountBySlot[slot] == 0, "a share is removed only after its holdings");
        int key = keyBySlot[slot];
        slotByKey.remove(key);
        presentKeyBits[key >>> 6] &= ~(1L << key);
        if (presentKeyBits[key >>> 6] == 0) {
            nonEmptyWordBits[key >>> 12] &= ~(1L << (key >>> 6));
        }
        holdersBySlot[slot] = null;
        if (freeSlotCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlotCount * 2);
        }
        freeSlots[freeSlotCount++] = slot;
        size--;
    }

    /** Returns the smallest existing share key at or above {@code fromKey}, or -1. */
    int nextKey(int fromKey) {
        if (fromKey >= ShareKeys.KEY_SPACE) {
            return -1;
        }
        int word = fromKey >>> 6;
        long bits = presentKeyBits[word] & (-1L << fromKey);
        if (bits != 0) {
            return (word << 6) + Long.numberOfTrailingZeros(bits);
        }
        int nextWord = nextNonEmptyWord(word + 1);
        return nextWord < 0 ? -1 : (nextWord << 6) + Long.numberOfTrailingZeros(presentKeyBits[nextWord]);
    }

    /** Returns the first non-empty word of the key bit set at or after {@code fromWord}, or -1. */
    private int nextNonEmptyWord(int fromWord) {
        if (fromWord >= presentKeyBits.length) {
            return -1;
        }
        int summary = fromWord >>> 6;
        long bits = nonEmptyWordBits[summary] & (-1L << fromWord);
        while (bits == 0) {
            summary++;
            if (summary == nonEmptyWordBits.length) {
                return -1;
            }
            bits = nonEmptyWordBits[summary];
        }
        return (summary << 6) + Long.numberOfTrailingZeros(bits);
    }

    int holderCount(int slot) {
        return holderCountBySlot[slot];
    }

    int holder(int slot, int position) {
        return holdersBySlot[slot][position];
    }

    /** Records that a buyer now holds the share; returns the buyer's position in its holder list. */
    int addHolder(int slot, int buyerIndex) {
        int[] holders = holdersBySlot[slot];
        int count = holderCountBySlot[slot];
        if (holders == null || count == holders.length) {
            holders = holders == null ? new int[4] : Arrays.copyOf(holders, count * 2);
            holdersBySlot[slot] = holders;
        }
        holders[count] = buyerIndex;
        holderCountBySlot[slot] = count + 1;
        return count;
    }

    /** Forgets every holder of a share whose holdings were all deleted at once. */
    void clearHolders(int slot) {
        holderCountBySlot[slot] = 0;
    }

    /**
     * Removes the holder at {@code position} by moving the last holder into its place, so removal
     * costs O(1); returns the buyer now at {@code position}, or -1 when the last one was removed.
     */
    int removeHolderAt(int slot, int position) {
        int last = --holderCountBySlot[slot];
        int[] holders = holdersBySlot[slot];
        if (position == last) {
            return -1;
        }
        holders[position] = holders[last];
        return holders[position];
    }

    private int newSlot() {
        if (slotsInUse == keyBySlot.length) {
            int slots = slotsInUse * 2;
            keyBySlot = Arrays.copyOf(keyBySlot, slots);
            capacityBySlot = Arrays.copyOf(capacityBySlot, slots);
            remainingBySlot = Arrays.copyOf(remainingBySlot, slots);
            holdersBySlot = Arrays.copyOf(holdersBySlot, slots);
            holderCountBySlot = Arrays.copyOf(holderCountBySlot, slots);
        }
        return slotsInUse++;
    }
}
