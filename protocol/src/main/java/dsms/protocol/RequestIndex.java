package dsms.protocol;

import dsms.core.Checks;
import java.util.Arrays;

/**
 * A hash index from a request ID (its client ID and counter) to a non-negative {@code long}, held
 * in one primitive array with no object per request. The sequencer's recent requests and the
 * replicas' exactly-once table both look a request up in it several times per operation.
 *
 * <p>A slot holds a group: eight consecutive counters of one client (the counters whose values
 * agree but for the lowest three bits), with one lane per counter. A front end numbers its requests
 * with one client ID and consecutive counters, and both users add requests in about that order and
 * forget them oldest first, so the requests looked up one after another share a slot, and only
 * the first of each eight finds its slot outside the processor's cache. With a slot per request,
 * hashed apart, every lookup was a cache miss in an index of megabytes: the index's probe had
 * about a sixth of a replica's execution samples and two fifths of the sequencer's at 75,000
 * operations a second, and about 2 % and 14 % with eight counters a slot (four gave 10 % and 26 %
 * in the same kind of run). A request whose client sends nothing else nearby (an idempotency key's
 * ID, counter 0) takes a slot of its own, as before, but a larger one, so such requests cost more:
 * through a sliding window of 65,536 of them 175 ns per request against 76 with a slot per
 * request, where a front end's took 21 ns against 79 (`RequestIndexBenchmark`, one process on a
 * warm cache). Those requests come over HTTP, whose own cost per request is far larger.
 *
 * <p>Groups are placed by open addressing with linear probing; removing a group's last request
 * frees its slot by shifting the following groups of the probe run back (backward-shift deletion),
 * so no tombstones pile up as old requests are forgotten. The index doubles, up to {@code
 * slotsMax}, whenever more than half of its slots would hold groups. Probe runs are runs of groups:
 * how consecutive the counters are changes how many slots are used, never how long a probe is. (A
 * flat table that put consecutive counters in neighbouring slots, measured in the third round, made
 * probe runs long for exactly that reason.)
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
     * The most slots an index can have: eleven {@code long}s a slot in one Java array. It is far
     * beyond any sensible setting (88 bytes a slot, 11 GiB).
     */
    public static final int SLOTS_LIMIT = 1 << 27;

    /** The consecutive counters of one client that share a slot, one lane each. */
    static final int COUNTERS_PER_SLOT = 8;
    private static final int LANE_BITS = 3;
    private static final long LANE_MASK = COUNTERS_PER_SLOT - 1;

    private static final int CLIENT_ID = 0;
    /** The counter without its lane bits: the group's number among the client's groups. */
    private static final int GROUP = 1;
    /** The lanes in use; a slot with none holds no group. */
    private static final int LANES_USED = 2;
    /** The first lane: each lane holds its counter's value plus one, so a zeroed lane is empty. */
    private static final int LANES = 3;
    private static final int FIELDS = LANES + COUNTERS_PER_SLOT;
    private static final long EMPTY = 0;

    private final int slotsMax;
    private long[] fields;
    private int mask;
    /** The requests indexed. */
    private int size;
    /** The slots holding a group. */
    private int groups;
    /**
     * Where the latest {@link #get} or {@link #put} probe for a group ended: the group's slot, or
     * the empty slot where it would go. Nothing moves a group but the removal of a group and a
     * resize, which forget it, so until then it saves the probe, and its hashing, for the group's
     * other counters, which are usually the next requests looked up and indexed.
     */
    private final RememberedSlot probed = new RememberedSlot();
    /**
     * The slot of the group the latest {@link #remove} took a request from. Both users remove the
     * oldest request, so this is the group of the next one too; it is kept apart from {@link
     * #probed}, which follows the newest requests.
     */
    private final RememberedSlot removed = new RememberedSlot();

    /**
     * An empty index of {@code slotsInitial} slots that grows to at most {@code slotsMax}; both are
     * powers of two from {@link #SLOTS_MIN} to {@link #SLOTS_LIMIT}. It holds at least {@code
     * slotsMax - 1} requests (a probe ends at an empty slot), and up to eight times as many when
     * counters are consecutive.
     */
    public RequestIndex(int slotsInitial, int slotsMax) {
        Checks.check(isSlotCount(slotsInitial) && isSlotCount(slotsMax) && slotsInitial <= slotsMax,
                "index slots %d growing to %d are powers of two in range", slotsInitial, slotsMax);
        this.slotsMax = slotsMax;
        allocate(slotsInitial);
    }

    /**
     * The slots an index needs to hold {@code requests} at most half full even when each takes a
     * slot of its own: the smallest power of two at least twice as many, at least {@link
     * #SLOTS_MIN}, capped at {@link #SLOTS_LIMIT}.
     */
    public static int slotsFor(long requests) {
        long doubled = Math.min(SLOTS_LIMIT, Math.max(SLOTS_MIN, 2 * Math.max(1, requests)));
        return (int) Long.highestOneBit(doubled - 1) << 1;
    }

    /** Whether two requests belong to one group, and so share a slot. */
    public static boolean shareSlot(long clientId, long counter, long otherClientId, long otherCounter) {
        return clientId == otherClientId && counter >>> LANE_BITS == otherCounter >>> LANE_BITS;
    }

    /** The request's value, or {@link #ABSENT}. */
    public long get(long clientId, long counter) {
        // An empty slot's lanes are all zero, so the lane alone says whether the request is here.
        long stored = fields[probe(clientId, counter >>> LANE_BITS) + lane(counter)];
        return stored == EMPTY ? ABSENT : stored - 1;
    }

    public boolean contains(long clientId, long counter) {
        return get(clientId, counter) != ABSENT;
    }

    /** Indexes a request that is not indexed yet with {@code value}, which is non-negative. */
    public void put(long clientId, long counter, long value) {
        Checks.check(value >= 0 && value < Long.MAX_VALUE, "indexed value %d is non-negative", value);
        long group = counter >>> LANE_BITS;
        int offset = probe(clientId, group);
        if (fields[offset + LANES_USED] == EMPTY) {
            offset = claim(offset, clientId, group);
        }
        int lane = offset + lane(counter);
        Checks.check(fields[lane] == EMPTY, "request %d-%d is indexed once", clientId, counter);
        fields[lane] = value + 1;
        fields[offset + LANES_USED]++;
        size++;
    }

    /** Removes the request and returns its value, or returns {@link #ABSENT} when it is not indexed. */
    public long remove(long clientId, long counter) {
        long group = counter >>> LANE_BITS;
        int offset = removed.holds(clientId, group) ? removed.offset : slotOf(clientId, group);
        int lane = offset + lane(counter);
        long stored = fields[lane];
        if (stored == EMPTY) {
            return ABSENT;
        }
        fields[lane] = EMPTY;
        size--;
        if (--fields[offset + LANES_USED] == EMPTY) {
            forgetProbes();
            removeGroupAt(offset);
            groups--;
        } else {
            removed.remember(offset, clientId, group);
        }
        return stored - 1;
    }

    /** Forgets every request and starts again with {@code slots} slots, a valid slot count up to the maximum. */
    public void clear(int slots) {
        Checks.check(isSlotCount(slots) && slots <= slotsMax, "index slots %d are a power of two up to %d", slots, slotsMax);
        allocate(slots);
        size = 0;
        groups = 0;
    }

    public int size() {
        return size;
    }

    /** The current number of slots, so tests can see the index grow. */
    public int slots() {
        return mask + 1;
    }

    /** The slots holding a group, so tests can see consecutive counters share one. */
    int groups() {
        return groups;
    }

    public int slotsMax() {
        return slotsMax;
    }

    /** The offset of the group's slot, or of the empty slot where it would go, probing only when the last probe was for another group. */
    private int probe(long clientId, long group) {
        if (!probed.holds(clientId, group)) {
            probed.remember(slotOf(clientId, group), clientId, group);
        }
        return probed.offset;
    }

    /** Gives the group the empty slot its probe ended at, growing the index first if it would be more than half full. */
    private int claim(int offset, long clientId, long group) {
        if ((long) (groups + 1) * 2 > slots() && slots() < slotsMax) {
            resize(slots() * 2);
            offset = slotOf(clientId, group);
            probed.remember(offset, clientId, group);
        }
        // A probe ends at an empty slot, so one must always remain.
        Checks.check(groups + 1 < slots(), "an index of %d slots has room for %d groups", slots(), groups);
        fields[offset + CLIENT_ID] = clientId;
        fields[offset + GROUP] = group;
        groups++;
        return offset;
    }

    private static int lane(long counter) {
        return LANES + (int) (counter & LANE_MASK);
    }

    /** The array offset of the slot holding the group, or of the empty slot where its probe ends. */
    private int slotOf(long clientId, long group) {
        long[] slots = fields;
        for (int slot = homeSlot(clientId, group); ; slot = (slot + 1) & mask) {
            int offset = slot * FIELDS;
            if (slots[offset + LANES_USED] == EMPTY
                    || slots[offset + CLIENT_ID] == clientId && slots[offset + GROUP] == group) {
                return offset;
            }
        }
    }

    /**
     * Empties the slot at {@code offset}, whose lanes are all empty: every following group of the
     * same probe run that may sit earlier moves into the hole, so each group stays reachable from
     * its home slot.
     */
    private void removeGroupAt(int offset) {
        long[] slots = fields;
        int hole = offset / FIELDS;
        for (int next = (hole + 1) & mask; slots[next * FIELDS + LANES_USED] != EMPTY; next = (next + 1) & mask) {
            int from = next * FIELDS;
            int home = homeSlot(slots[from + CLIENT_ID], slots[from + GROUP]);
            // The group may fill the hole when the hole lies on its probe path, between its home and
            // where it sits now (cyclically): its distance from home reaches back to the hole.
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                System.arraycopy(slots, from, slots, hole * FIELDS, FIELDS);
                hole = next;
            }
        }
        Arrays.fill(slots, hole * FIELDS, hole * FIELDS + FIELDS, EMPTY);
    }

    private void resize(int newSlots) {
        long[] old = fields;
        allocate(newSlots);
        for (int from = 0; from < old.length; from += FIELDS) {
            if (old[from + LANES_USED] != EMPTY) {
                int to = slotOf(old[from + CLIENT_ID], old[from + GROUP]);
                System.arraycopy(old, from, fields, to, FIELDS);
            }
        }
    }

    private void forgetProbes() {
        probed.forget();
        removed.forget();
    }

    private void allocate(int slots) {
        forgetProbes();
        fields = new long[slots * FIELDS];
        mask = slots - 1;
    }

    /**
     * The slot where a group's probe starts: both halves mixed (a 64-bit finaliser), since front
     * ends number their clients and counters consecutively and the low bits alone would cluster.
     */
    private int homeSlot(long clientId, long group) {
        long hash = clientId * 0x9E3779B97F4A7C15L + group;
        hash = (hash ^ (hash >>> 33)) * 0xFF51AFD7ED558CCDL;
        hash = (hash ^ (hash >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return (int) (hash ^ (hash >>> 33)) & mask;
    }

    /** A group's slot as a probe found it, until a group moves. */
    private static final class RememberedSlot {
        /** The slot's offset, or -1 when nothing is remembered. */
        int offset = -1;
        long clientId;
        long group;

        boolean holds(long clientId, long group) {
            return offset >= 0 && this.clientId == clientId && this.group == group;
        }

        void remember(int offset, long clientId, long group) {
            this.offset = offset;
            this.clientId = clientId;
            this.group = group;
        }

        void forget() {
            offset = -1;
        }
    }

    private static boolean isSlotCount(int slots) {
        return slots >= SLOTS_MIN && slots <= SLOTS_LIMIT && Integer.bitCount(slots) == 1;
    }
}
