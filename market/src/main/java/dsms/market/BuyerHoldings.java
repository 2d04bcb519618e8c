package dsms.market;

import java.util.Arrays;

/**
 * One buyer's holdings, sorted by share key (which is the getShares order), in parallel arrays.
 *
 * <p>A buyer holds few shares (the daily rule allows one per type and date), so sorted arrays with
 * binary search beat any tree. Each holding also remembers the buyer's position in the share's
 * holder list, so that leaving that list costs O(1).
 */
final class BuyerHoldings {
    private static final int CAPACITY_INITIAL = 4;

    private int[] keys = new int[CAPACITY_INITIAL];
    private long[] counts = new long[CAPACITY_INITIAL];
    private int[] holderPositions = new int[CAPACITY_INITIAL];
    private int size;

    int size() {
        return size;
    }

    int key(int index) {
        return keys[index];
    }

    long count(int index) {
        return counts[index];
    }

    int holderPosition(int index) {
        return holderPositions[index];
    }

    void setCount(int index, long count) {
        counts[index] = count;
    }

    void setHolderPosition(int index, int position) {
        holderPositions[index] = position;
    }

    /** Returns the index of the holding of {@code key}, or {@code -(insertion point) - 1}. */
    int indexOf(int key) {
        return Arrays.binarySearch(keys, 0, size, key);
    }

    void insertAt(int index, int key, long count, int holderPosition) {
        if (size == keys.length) {
            int capacity = size * 2;
            keys = Arrays.copyOf(keys, capacity);
            counts = Arrays.copyOf(counts, capacity);
            holderPositions = Arrays.copyOf(holderPositions, capacity);
        }
        int moved = size - index;
        System.arraycopy(keys, index, keys, index + 1, moved);
        System.arraycopy(counts, index, counts, index + 1, moved);
        System.arraycopy(holderPositions, index, holderPositions, index + 1, moved);
        keys[index] = key;
        counts[index] = count;
        holderPositions[index] = holderPosition;
        size++;
    }

    void removeAt(int index) {
        int moved = size - index - 1;
        System.arraycopy(keys, index + 1, keys, index, moved);
        System.arraycopy(counts, index + 1, counts, index, moved);
        System.arraycopy(holderPositions, index + 1, holderPositions, index, moved);
        size--;
    }
}
