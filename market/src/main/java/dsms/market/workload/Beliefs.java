package dsms.market.workload;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a workload knows of the market it drives: which pool entries exist and what each buyer
 * holds. Fed with every result, it is exact; it lets the workload issue mostly meaningful commands
 * (selling what is held, buying what exists) instead of mostly failing ones.
 *
 * <p>Several workloads may drive one market (concurrent clients), each fed only its own results;
 * their beliefs are then inexact, and a result may contradict them, which they must survive.
 *
 * <p>A removed share's holdings are forgotten lazily: each addition of an entry starts a new
 * generation, and a belief from an older generation is stale and dropped when met.
 */
final class Beliefs {
    private final int[] liveEntries;
    private final int[] livePositionByEntry;
    private final int[] generationByEntry;
    private int liveCount;

    private final int[][] heldEntriesByBuyer;
    private final int[][] heldGenerationsByBuyer;
    private final long[][] heldCountsByBuyer;
    private final int[] heldSizeByBuyer;

    Beliefs(int poolSize, int buyerCount) {
        liveEntries = new int[poolSize];
        livePositionByEntry = new int[poolSize];
        Arrays.fill(livePositionByEntry, -1);
        generationByEntry = new int[poolSize];
        heldEntriesByBuyer = new int[buyerCount][];
        heldGenerationsByBuyer = new int[buyerCount][];
        heldCountsByBuyer = new long[buyerCount][];
        heldSizeByBuyer = new int[buyerCount];
    }

    int liveCount() {
        return liveCount;
    }

    boolean isLive(int entry) {
        return livePositionByEntry[entry] >= 0;
    }

    /**
     * Learns that the entry was added. Already believed live, it was removed and added again
     * behind this workload's back (another client): its new generation makes old holdings stale.
     */
    void shareAdded(int entry) {
        generationByEntry[entry]++;
        if (isLive(entry)) {
            return;
        }
        livePositionByEntry[entry] = liveCount;
        liveEntries[liveCount++] = entry;
    }

    /**
     * Learns that the entry was removed. Not believed live, it was added behind this workload's
     * back (another client drives the same market): there is nothing to forget.
     */
    void shareRemoved(int entry) {
        if (!isLive(entry)) {
            return;
        }
        int position = livePositionByEntry[entry];
        int last = liveEntries[--liveCount];
        liveEntries[position] = last;
        livePositionByEntry[last] = position;
        livePositionByEntry[entry] = -1;
    }

    /** Returns a random existing entry, or -1 when none exists. */
    int randomLive(SplittableRandom random) {
        return liveCount == 0 ? -1 : liveEntries[random.nextInt(liveCount)];
    }

    void holdingGranted(int buyer, int entry, long count) {
        int size = heldSizeByBuyer[buyer];
        if (heldEntriesByBuyer[buyer] == null || size == heldEntriesByBuyer[buyer].length) {
            int capacity = size == 0 ? 4 : size * 2;
            heldEntriesByBuyer[buyer] = grow(heldEntriesByBuyer[buyer], capacity);
            heldGenerationsByBuyer[buyer] = grow(heldGenerationsByBuyer[buyer], capacity);
            heldCountsByBuyer[buyer] =
                    heldCountsByBuyer[buyer] == null ? new long[capacity] : Arrays.copyOf(heldCountsByBuyer[buyer], capacity);
        }
        heldEntriesByBuyer[buyer][size] = entry;
        heldGenerationsByBuyer[buyer][size] = generationByEntry[entry];
        heldCountsByBuyer[buyer][size] = count;
        heldSizeByBuyer[buyer] = size + 1;
    }

    /** Records a holding's new count; a count of 0 forgets the holding. */
    void holdingChanged(int buyer, int entry, long count) {
        int index = find(buyer, entry);
        if (index < 0) {
            return;
        }
        if (count == 0) {
            removeAt(buyer, index);
        } else {
            heldCountsByBuyer[buyer][index] = count;
        }
    }

    /**
     * Returns the index of a random current holding of the buyer, dropping stale ones met on the
     * way, or -1 when the buyer holds nothing.
     */
    int randomHolding(int buyer, SplittableRandom random) {
        while (heldSizeByBuyer[buyer] > 0) {
            int index = random.nextInt(heldSizeByBuyer[buyer]);
            int entry = heldEntriesByBuyer[buyer][index];
            if (isLive(entry) && heldGenerationsByBuyer[buyer][index] == generationByEntry[entry]) {
                return index;
            }
            removeAt(buyer, index);
        }
        return -1;
    }

    int heldEntry(int buyer, int index) {
        return heldEntriesByBuyer[buyer][index];
    }

    long heldCount(int buyer, int index) {
        return heldCountsByBuyer[buyer][index];
    }

    private int find(int buyer, int entry) {
        for (int index = 0; index < heldSizeByBuyer[buyer]; index++) {
            if (heldEntriesByBuyer[buyer][index] == entry && heldGenerationsByBuyer[buyer][index] == generationByEntry[entry]) {
                return index;
            }
        }
        return -1;
    }

    private void removeAt(int buyer, int index) {
        int last = --heldSizeByBuyer[buyer];
        heldEntriesByBuyer[buyer][index] = heldEntriesByBuyer[buyer][last];
        heldGenerationsByBuyer[buyer][index] = heldGenerationsByBuyer[buyer][last];
        heldCountsByBuyer[buyer][index] = heldCountsByBuyer[buyer][last];
    }

    private static int[] grow(int[] array, int capacity) {
        return array == null ? new int[capacity] : Arrays.copyOf(array, capacity);
    }
}
