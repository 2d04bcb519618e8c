package dsms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.RequestId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestIndexTest {
    @Test
    void shouldReturnTheValueOfAnIndexedRequestAndAbsentForOthers() {
        RequestIndex index = new RequestIndex(8, 64);
        index.put(7, 1, 0);
        index.put(7, 2, 42);

        assertThat(index.get(7, 1)).isZero();
        assertThat(index.get(7, 2)).isEqualTo(42);
        assertThat(index.get(8, 2)).as("another client's counter 2").isEqualTo(RequestIndex.ABSENT);
        assertThat(index.contains(7, 3)).isFalse();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void shouldReturnTheRemovedValueOnceAndAbsentAfterwards() {
        RequestIndex index = new RequestIndex(8, 8);
        index.put(1, 5, 9);

        assertThat(index.remove(1, 5)).isEqualTo(9);
        assertThat(index.remove(1, 5)).isEqualTo(RequestIndex.ABSENT);
        assertThat(index.size()).isZero();
    }

    @Test
    void shouldPutWhereTheLookupOfTheAbsentRequestEndedOnlyWhileNothingChangedInBetween() {
        RequestIndex index = new RequestIndex(8, 8);
        index.put(1, 1, 10);
        assertThat(index.get(1, 2)).isEqualTo(RequestIndex.ABSENT);
        // The removal may shift entries into the slot that lookup ended at, so its probe is stale.
        assertThat(index.remove(1, 1)).isEqualTo(10);
        index.put(1, 2, 20);
        assertThat(index.get(1, 3)).isEqualTo(RequestIndex.ABSENT);
        index.put(1, 3, 30);

        assertThatThrownBy(() -> index.put(1, 2, 21)).as("still indexed once").isInstanceOf(InvariantViolation.class);
        assertThat(index.get(1, 2)).isEqualTo(20);
        assertThat(index.get(1, 3)).isEqualTo(30);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void shouldRefuseARequestIndexedTwiceOrANegativeValue() {
        RequestIndex index = new RequestIndex(8, 8);
        index.put(1, 1, 1);

        assertThatThrownBy(() -> index.put(1, 1, 2)).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> index.put(1, 2, -1)).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void shouldDoubleWhenMoreThanHalfTheSlotsHoldGroupsUpToItsMaximumAndRefuseToFillTheLastSlot() {
        RequestIndex index = new RequestIndex(8, 16);
        // Each client's counter 0 is a group of its own, the way idempotency keys' IDs are.
        for (int client = 0; client < 5; client++) {
            index.put(client, 0, client);
        }
        assertThat(index.slots()).as("five groups in eight slots would be more than half").isEqualTo(16);
        for (int client = 5; client < 15; client++) {
            index.put(client, 0, client);
        }
        assertThat(index.slots()).as("capped at the maximum").isEqualTo(16);

        assertThatThrownBy(() -> index.put(15, 0, 15))
                .as("a probe ends at an empty slot, so one must remain")
                .isInstanceOf(InvariantViolation.class);
        assertThat(index.size()).as("the refused request left nothing behind").isEqualTo(15);
        index.put(14, 1, 114);
        assertThat(index.size()).as("a request of a group already held needs no slot").isEqualTo(16);
        for (int client = 0; client < 15; client++) {
            assertThat(index.get(client, 0)).isEqualTo(client);
        }
        assertThat(index.get(14, 1)).isEqualTo(114);
    }

    @Test
    void shouldKeepEightConsecutiveCountersOfAClientInOneSlotAndFreeItWithTheLast() {
        RequestIndex index = new RequestIndex(8, 1024);
        for (int counter = 0; counter < 64; counter++) {
            index.put(7, counter, 1000 + counter);
        }
        assertThat(index.groups()).as("64 consecutive counters from 0").isEqualTo(8);
        assertThat(index.slots()).as("eight groups fill sixteen slots half").isEqualTo(16);
        index.put(8, 3, 3);
        assertThat(index.groups()).as("another client's counter shares nothing").isEqualTo(9);

        for (int counter = 0; counter < 7; counter++) {
            assertThat(index.remove(7, counter)).isEqualTo(1000 + counter);
        }
        assertThat(index.groups()).as("counter 7 still holds the first group").isEqualTo(9);
        assertThat(index.remove(7, 7)).isEqualTo(1007);
        assertThat(index.groups()).as("the first group's slot is free with its last counter").isEqualTo(8);
        assertThat(index.get(7, 0)).isEqualTo(RequestIndex.ABSENT);
        for (int counter = 8; counter < 64; counter++) {
            assertThat(index.get(7, counter)).isEqualTo(1000 + counter);
        }
        assertThat(index.get(8, 3)).isEqualTo(3);
        assertThat(index.size()).isEqualTo(57);
    }

    @Test
    void shouldTellCountersThatDifferOnlyAboveTheLaneBitsApart() {
        RequestIndex index = new RequestIndex(8, 64);
        index.put(1, 5, 50);
        index.put(1, 5 + RequestIndex.COUNTERS_PER_SLOT, 130);
        index.put(1, -3, 30);
        index.put(1, Long.MAX_VALUE, 70);

        assertThat(index.get(1, 5)).isEqualTo(50);
        assertThat(index.get(1, 5 + RequestIndex.COUNTERS_PER_SLOT)).isEqualTo(130);
        assertThat(index.get(1, -3)).as("a negative counter, as a forged request may carry").isEqualTo(30);
        assertThat(index.get(1, Long.MAX_VALUE)).isEqualTo(70);
        assertThat(index.get(1, Long.MAX_VALUE - RequestIndex.COUNTERS_PER_SLOT)).isEqualTo(RequestIndex.ABSENT);
        assertThat(index.get(2, 5)).isEqualTo(RequestIndex.ABSENT);
        assertThat(index.groups()).isEqualTo(4);
        assertThat(RequestIndex.shareSlot(1, 8, 1, 15)).isTrue();
        assertThat(RequestIndex.shareSlot(1, 7, 1, 8)).as("neighbours across a group's edge").isFalse();
        assertThat(RequestIndex.shareSlot(1, 8, 2, 8)).isFalse();
        assertThat(RequestIndex.shareSlot(1, -1, 1, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldSizeForTwiceTheRequestsAsAPowerOfTwoWithinBounds() {
        assertThat(RequestIndex.slotsFor(0)).isEqualTo(RequestIndex.SLOTS_MIN);
        assertThat(RequestIndex.slotsFor(5)).isEqualTo(16);
        assertThat(RequestIndex.slotsFor(65_536)).isEqualTo(131_072);
        assertThat(RequestIndex.slotsFor(65_537)).isEqualTo(262_144);
        assertThat(RequestIndex.slotsFor(Long.MAX_VALUE / 4)).isEqualTo(RequestIndex.SLOTS_LIMIT);
    }

    @Test
    void shouldForgetEverythingOnClearAndStartAtTheGivenSize() {
        RequestIndex index = new RequestIndex(8, 64);
        for (int counter = 0; counter < 20; counter++) {
            index.put(1, counter, counter);
        }
        index.clear(16);

        assertThat(index.size()).isZero();
        assertThat(index.slots()).isEqualTo(16);
        assertThat(index.contains(1, 3)).isFalse();
        assertThatThrownBy(() -> index.clear(128)).as("beyond the maximum").isInstanceOf(InvariantViolation.class);
    }

    /**
     * A sliding window, the way both users fill it: new requests put, the oldest removed, against a
     * hash map. The clients interleave consecutive counters, as front ends number them, among random
     * keys (an idempotency key's counter is 0); removals in the middle of probe runs happen all the
     * time in the small tables.
     */
    @Test
    void shouldAgreeWithAHashMapThroughASlidingWindowOfMixedRequests() {
        for (int windowMax : new int[] {1, 3, 7, 64, 1000, 5000}) {
            long seed = 0xB10C + windowMax;
            SplittableRandom random = new SplittableRandom(seed);
            RequestIndex index = new RequestIndex(8, RequestIndex.slotsFor(windowMax));
            Map<RequestId, Long> model = new HashMap<>();
            ArrayDeque<RequestId> window = new ArrayDeque<>();
            List<RequestId> seen = new ArrayList<>();
            long[] nextCounters = new long[4];
            for (int step = 0; step < 30_000; step++) {
                RequestId requestId = nextRequest(random, nextCounters);
                if (model.containsKey(requestId)) {
                    continue;
                }
                if (random.nextBoolean()) {
                    // Both users look a request up before indexing it, which lets the put reuse that
                    // probe; a removal in between, which may shift an entry into it, must not.
                    assertThat(index.get(requestId.clientId(), requestId.counter())).isEqualTo(RequestIndex.ABSENT);
                }
                if (window.size() == windowMax) {
                    RequestId oldest = window.removeFirst();
                    assertThat(index.remove(oldest.clientId(), oldest.counter()))
                            .as("seed %d, step %d, removing %s", seed, step, oldest).isEqualTo(model.remove(oldest));
                }
                long value = random.nextLong(1L << 40);
                index.put(requestId.clientId(), requestId.counter(), value);
                model.put(requestId, value);
                window.addLast(requestId);
                seen.add(requestId);
                RequestId probe = seen.get(random.nextInt(seen.size()));
                assertThat(index.get(probe.clientId(), probe.counter())).as("seed %d, step %d, %s", seed, step, probe)
                        .isEqualTo(model.getOrDefault(probe, RequestIndex.ABSENT));
                assertThat(index.size()).isEqualTo(model.size());
            }
            for (RequestId requestId : seen) {
                assertThat(index.get(requestId.clientId(), requestId.counter()))
                        .as("seed %d, at the end, %s", seed, requestId)
                        .isEqualTo(model.getOrDefault(requestId, RequestIndex.ABSENT));
            }
        }
    }

    /** Mostly a client's next counter, sometimes a random client and counter. */
    private static RequestId nextRequest(SplittableRandom random, long[] nextCounters) {
        if (random.nextInt(8) == 0) {
            return new RequestId(random.nextLong(), random.nextInt(3) == 0 ? 0 : random.nextLong(1_000));
        }
        int client = random.nextInt(nextCounters.length);
        return new RequestId(client, nextCounters[client]++);
    }
}
