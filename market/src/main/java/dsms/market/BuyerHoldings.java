package dsms.market;

import dsms.core.Checks;
import java.util.Arrays;

/**
 * One buyer's holdings, sorted by share key (which is the getShares order).
 *
 * <p>A buyer holds few shares (the daily rule allows one per type and date), so sorted arrays with
 * binary search beat any tree. Each key is packed with its count into one long, key in the high
 * half: the first look at a buyer's holdings is a cache miss on a large state, and one array
 * makes the search and the count one miss instead of two. Keys are below 2^22 and counts fit an
 * int (a holding never exceeds a share's capacity), so the packed longs sort as the keys do.
 *
 * <p>Each holding also remembers the buyer's position in the share's holder list, so that
 * leaving that list costs O(1); that is needed only when a holding comes or goes.
 */
final class BuyerHoldings {
    private static final int CAPACITY_INITIAL = 4;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private long[] keysAndCounts = new long[CAPACITY_INITIAL];
    private int[] holderPositions = new int[CAPACITY_INITIAL];
    private int size;

    int size() {
        return size;
    }

    int key(int index) {
        return (int) (keysAndCounts[index] >>> 32);
    }

    long count(int index) {
        return keysAndCounts[index] & COUNT_MASK;
    }

    int holderPosition(int index) {
        return holderPositions[index];
    }

    void setCount(int index, long count) {
        keysAndCounts[index] = pack(key(index), count);
    }

    void setHolderPosition(int index, int position) {
        holderPositions[index] = position;
    }

    /** Returns the index of the holding of {@code key}, or {@code -(insertion point) - 1}. */
    int indexOf(int key) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int middleKey = key(middle);
            if (middleKey < key) {
                low = middle + 1;
            } else if (middleKey > key) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    void insertAt(int index, int key, long count, int holderPosition) {
        if (size == keysAndCounts.length) {
            int capacity = size * 2;
            keysAndCounts = Arrays.copyOf(keysAndCounts, capacity);
            holderPositions = Arrays.copyOf(holderPositions, capacity);
        }
        int moved = size - index;
        System.arraycopy(keysAndCounts, index, keysAndCounts, index + 1, moved);
        System.arraycopy(holderPositions, index, holderPositions, index + 1, moved);
        keysAndCounts[index] = pack(key, count);
        holderPositions[index] = holderPosition;
        size++;
    }

    void removeAt(int index) {
        int moved = size - index - 1;
        System.arraycopy(keysAndCounts, index + 1, keysAndCounts, index, moved);
        System.arraycopy(holderPositions, index + 1, holderPositions, index, moved);
        size--;
    }

    private static long pack(int key, long count) {
        Checks.check(key >= 0 && count >= 0 && count <= Integer.MAX_VALUE, "a holding's key and count fit one long");
        return ((long) key << 32) | count;
    }
}
