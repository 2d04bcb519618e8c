package dsms.protocol;

import dsms.core.Checks;

/**
 * A hash index from a request ID (its client ID and counter) to a non-negative {@code long}, held
 * in one primitive array with no object per request. The sequencer's recent requests and the
 * replicas' exactly-once table both look a request up in it several times per operation.
 *
 * <p>Open addressing with linear probing; removal shifts the following entries of the probe run
 * back (backward-shift deletion), so no tombstones pile up as old requests are forgotten. The index
 * doubles, up to {@code slotsMax}, whenever it would be more than half full.
 *
 * <p>Each slot's three fields (client ID, counter, value+1) sit side by side, so a probe touches
 * one cache line instead of one in each of three arrays, which is what the exactly-once table's
 * probes did when they took a fifth of a replica's time. Keeping a client's consecutive counters
 * in neighbouring slots was measured too (blocks of 8 and 64 slots, a sliding window of 65,536
 * requests): it made probe runs so long that put, get and remove together took 130 and 690 ns
 * instead of 85, so every request is hashed apart.
 *
 * <p>The index's order is never visited: nothing a replica or the sequencer returns, snapshots or
 * logs depends on it.
 */
public final class RequestIndex {
    /** What {@link #get} and {@link #remove} return for a request that is not indexed. */
    public static final long ABSENT = -1;

    /** The fewest slots an index has. */
    public static final int SLOTS_MIN = 8;

    /**
     * The most slots an index can have: three {@code long}s a slot in one Java array. It is far
     * beyond any sensible setting (24 bytes a slot, 6 GiB).
     */
    public static final int SLOTS_LIMIT = 1 << 28;

    private static final int FIELDS = 3;
    private static final int CLIENT_ID = 0;
    private static final int COUNTER = 1;
    /** The value plus one, so that a freshly allocated (zeroed) slot is empty. */
    private static final int STORED_VALUE = 2;
    private static final long EMPTY = 0;

    private final int slotsMax;
    private long[] fields;
    private int mask;
    private int size;
    /**
     * Where the latest {@link #get} of an absent request ended, or -1. Both users look a request up
     * and then index it when it was absent; while nothing else changed the index, that probe's empty
     * slot is where it goes, so the second probe, and its cache miss, are saved.
     */
    private int probedOffset = -1;
    private long probedClientId;
    private long probedCounter;

    /**
     * An empty index of {@code slotsInitial} slots that grows to at most {@code slotsMax}; both are
     * powers of two from {@link #SLOTS_MIN} to {@link #SLOTS_LIMIT}. It holds fewer requests than
     * {@code slotsMax}, since a probe ends at an empty slot.
     */
    public RequestIndex(int slotsInitial, int slotsMax) {
        Checks.check(isSlotCount(slotsInitial) && isSlotCount(slotsMax) && slotsInitial <= slotsMax,
                "index slots %d growing to %d are powers of two in range", slotsInitial, slotsMax);
        this.slotsMax = slotsMax;
        allocate(slotsInitial);
    }

    /**
     * The slots an index needs to hold {@code requests} at most half full: the smallest power of two
     * at least twice as many, at least {@link #SLOTS_MIN}, capped at {@link #SLOTS_LIMIT}.
     */
    public static int slotsFor(long requests) {
        long doubled = Math.min(SLOTS_LIMIT, Math.max(SLOTS_MIN, 2 * Math.max(1, requests)));
        return (int) Long.highestOneBit(doubled - 1) << 1;
    }

    /** The request's value, or {@link #ABSENT}. */
    public long get(long clientId, long counter) {
        int slot = slotOf(clientId, counter);
        if (fields[slot + STORED_VALUE] == EMPTY) {
            probedOffset = slot;
            probedClientId = clientId;
            probedCounter = counter;
            return ABSENT;
        }
        return fields[slot + STORED_VALUE] - 1;
    }

    public boolean contains(long clientId, long counter) {
        return get(clientId, counter) != ABSENT;
    }

    /** Indexes a request that is not indexed yet with {@code value}, which is non-negative. */
    public void put(long clientId, long counter, long value) {
        Checks.check(value >= 0 && value < Long.MAX_VALUE, "indexed value %d is non-negative", value);
        if ((long) (size + 1) * 2 > slots() && slots() < slotsMax) {
            resize(slots() * 2);
        }
        // A probe ends at an empty slot, so one must always remain.
        Checks.check(size + 1 < slots(), "an index of %d slots has room for %d requests", slots(), size);
        int slot = probedOffset >= 0 && probedClientId == clientId && probedCounter == counter
                ? probedOffset : slotOf(clientId, counter);
        probedOffset = -1;
        Checks.check(fields[slot + STORED_VALUE] == EMPTY, "request %d-%d is indexed once", clientId, counter);
        fields[slot + CLIENT_ID] = clientId;
        fields[slot + COUNTER] = counter;
        fields[slot + STORED_VALUE] = value + 1;
        size++;
    }

    /** Removes the request and returns its value, or returns {@link #ABSENT} when it is not indexed. */
    public long remove(long clientId, long counter) {
        int slot = slotOf(clientId, counter);
        long storedValue = fields[slot + STORED_VALUE];
        if (storedValue == EMPTY) {
            return ABSENT;
        }
        probedOffset = -1;
        removeAt(slot);
        size--;
        return storedValue - 1;
    }

    /** Forgets every request and starts again with {@code slots} slots, a valid slot count up to the maximum. */
    public void clear(int slots) {
        Checks.check(isSlotCount(slots) && slots <= slotsMax, "index slots %d are a power of two up to %d", slots, slotsMax);
        allocate(slots);
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The current number of slots, so tests can see the index grow. */
    public int slots() {
        return mask + 1;
    }

    public int slotsMax() {
        return slotsMax;
    }

    /** The array offset of the slot holding the request, or of the empty slot where its probe ends. */
    private int slotOf(long clientId, long counter) {
        long[] slots = fields;
        for (int slot = homeSlot(clientId, counter); ; slot = (slot + 1) & mask) {
            int offset = slot * FIELDS;
            if (slots[offset + STORED_VALUE] == EMPTY
                    || slots[offset + CLIENT_ID] == clientId && slots[offset + COUNTER] == counter) {
                return offset;
            }
        }
    }

    /**
     * Empties the slot at {@code offset}: every following entry of the same probe run that may sit
     * earlier moves into the hole, so each request stays reachable from its home slot.
     */
    private void removeAt(int offset) {
        long[] slots = fields;
        int hole = offset / FIELDS;
        for (int next = (hole + 1) & mask; slots[next * FIELDS + STORED_VALUE] != EMPTY; next = (next + 1) & mask) {
            int from = next * FIELDS;
            int home = homeSlot(slots[from + CLIENT_ID], slots[from + COUNTER]);
            // The entry may fill the hole when the hole lies on its probe path, between its home and
            // where it sits now (cyclically): its distance from home reaches back to the hole.
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                System.arraycopy(slots, from, slots, hole * FIELDS, FIELDS);
                hole = next;
            }
        }
        slots[hole * FIELDS + STORED_VALUE] = EMPTY;
    }

    private void resize(int newSlots) {
        long[] old = fields;
        allocate(newSlots);
        for (int from = 0; from < old.length; from += FIELDS) {
            if (old[from + STORED_VALUE] != EMPTY) {
                int to = slotOf(old[from + CLIENT_ID], old[from + COUNTER]);
                System.arraycopy(old, from, fields, to, FIELDS);
            }
        }
    }

    private void allocate(int slots) {
        probedOffset = -1;
        fields = new long[slots * FIELDS];
        mask = slots - 1;
    }

    /**
     * The slot where a request's probe starts: both halves mixed (a 64-bit finaliser), since front
     * ends number their clients and counters consecutively and the low bits alone would cluster.
     */
    private int homeSlot(long clientId, long counter) {
        long hash = clientId * 0x9E3779B97F4A7C15L + counter;
        hash = (hash ^ (hash >>> 33)) * 0xFF51AFD7ED558CCDL;
        hash = (hash ^ (hash >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return (int) (hash ^ (hash >>> 33)) & mask;
    }

    private static boolean isSlotCount(int slots) {
        return slots >= SLOTS_MIN && slots <= SLOTS_LIMIT && Integer.bitCount(slots) == 1;
    }
}
