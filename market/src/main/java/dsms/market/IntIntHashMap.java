package dsms.market;

import dsms.core.Checks;
import java.util.Arrays;

/**
 * An open-addressing hash map from non-negative int keys to int values, for point look-ups on the
 * hot path without boxing. It is never iterated, so its internal order cannot reach any output.
 *
 * <p>Linear probing with backward-shift deletion keeps probe chains short without tombstones; the
 * table doubles when it is half full.
 */
final class IntIntHashMap {
    static final int ABSENT = -1;
    private static final int EMPTY = -1;
    private static final int CAPACITY_MIN = 16;

    private int[] keys;
    private int[] values;
    private int mask;
    private int size;

    IntIntHashMap() {
        this(CAPACITY_MIN);
    }

    IntIntHashMap(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(CAPACITY_MIN, expectedSize * 2) - 1) << 1;
        allocate(capacity);
    }

    int size() {
        return size;
    }

    /** Returns the value of {@code key}, or {@link #ABSENT}. */
    int get(int key) {
        int index = indexFor(key);
        while (true) {
            int found = keys[index];
            if (found == key) {
                return values[index];
            }
            if (found == EMPTY) {
                return ABSENT;
            }
            index = (index + 1) & mask;
        }
    }

    /** Maps {@code key} to {@code value}, replacing any earlier value. */
    void put(int key, int value) {
        Checks.check(key >= 0, "hash map keys are non-negative");
        int index = indexFor(key);
        while (keys[index] != EMPTY && keys[index] != key) {
            index = (index + 1) & mask;
        }
        if (keys[index] == EMPTY) {
            keys[index] = key;
            size++;
        }
        values[index] = value;
        if (size * 2 > keys.length) {
            grow();
        }
    }

    /** Removes {@code key}; returns whether it was there. */
    boolean remove(int key) {
        int index = indexFor(key);
        while (keys[index] != key) {
            if (keys[index] == EMPTY) {
                return false;
            }
            index = (index + 1) & mask;
        }
        closeGap(index);
        size--;
        return true;
    }

    /**
     * Moves later entries of the probe chain back into the freed slot when their ideal slot does
     * not lie strictly between the gap and their position, so every key stays reachable from its
     * ideal slot without tombstones.
     */
    private void closeGap(int gap) {
        int current = gap;
        while (true) {
            current = (current + 1) & mask;
            int key = keys[current];
            if (key == EMPTY) {
                keys[gap] = EMPTY;
                return;
            }
            int ideal = indexFor(key);
            boolean idealBetweenGapAndCurrent =
                    gap <= current ? (ideal > gap && ideal <= current) : (ideal > gap || ideal <= current);
            if (!idealBetweenGapAndCurrent) {
                keys[gap] = key;
                values[gap] = values[current];
                gap = current;
            }
        }
    }

    private int indexFor(int key) {
        int hash = key * 0x9E3779B9;
        return (hash ^ (hash >>> 16)) & mask;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int index = 0; index < oldKeys.length; index++) {
            if (oldKeys[index] != EMPTY) {
                int target = indexFor(oldKeys[index]);
                while (keys[target] != EMPTY) {
                    target = (target + 1) & mask;
                }
                keys[target] = oldKeys[index];
                values[target] = oldValues[index];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new int[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }
}
