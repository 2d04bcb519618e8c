package dsms.protocol.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.RequestId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {
    @Test
    void shouldRememberTheSequenceOfEachRequestUntilItIsTheOldestBeyondTheBound() {
        RecentRequests recent = new RecentRequests(3);
        for (long counter = 1; counter <= 4; counter++) {
            recent.remember(new RequestId(9, counter), 10 + counter);
        }

        assertThat(recent.sequenceOf(new RequestId(9, 1))).as("forgotten: the oldest beyond three").isZero();
        assertThat(recent.sequenceOf(new RequestId(9, 2))).isEqualTo(12);
        assertThat(recent.sequenceOf(new RequestId(9, 4))).isEqualTo(14);
        assertThat(recent.sequenceOf(new RequestId(8, 4))).as("another client's counter 4").isZero();
        assertThat(recent.size()).isEqualTo(3);
    }

    @Test
    void shouldStartItsIndexSmallAndGrowItOnlyToTheSlotsAFrontEndsConsecutiveCountersTake() {
        RecentRequests recent = new RecentRequests(65_536);
        assertThat(recent.indexSlots()).isEqualTo(1 << 10);
        for (long counter = 1; counter <= 70_000; counter++) {
            recent.remember(new RequestId(4, counter), counter);
        }
        // 65,536 requests and the one indexed before the oldest is forgotten: 8,193 groups of
        // eight at most, which half of 32,768 slots hold; one slot each would need 131,072.
        assertThat(recent.indexSlots()).isEqualTo(32_768);
        assertThat(recent.sequenceOf(new RequestId(4, 70_000))).isEqualTo(70_000);
        assertThat(recent.sequenceOf(new RequestId(4, 70_000 - 65_536))).as("forgotten").isZero();
    }

    @Test
    void shouldRefuseToRememberARequestTwice() {
        RecentRequests recent = new RecentRequests(8);
        recent.remember(new RequestId(1, 1), 1);

        assertThatThrownBy(() -> recent.remember(new RequestId(1, 1), 2)).isInstanceOf(InvariantViolation.class);
    }

    /**
     * Against a linked map with the same rule, over many random steps: few distinct clients and
     * counters, so that forgotten requests come back, and hash collisions and deletions in the
     * middle of probe runs happen all the time in the small bounds.
     */
    @Test
    void shouldAgreeWithALinkedMapModelOverRandomStepsForEveryBound() {
        for (int requestsMax : new int[] {1, 2, 3, 7, 64, 1000}) {
            long seed = 0x5EC0 + requestsMax;
            SplittableRandom random = new SplittableRandom(seed);
            RecentRequests recent = new RecentRequests(requestsMax);
            Map<RequestId, Long> model = new LinkedHashMap<>();
            List<RequestId> seen = new ArrayList<>();
            long sequence = 0;
            for (int step = 0; step < 20_000; step++) {
                RequestId requestId = new RequestId(random.nextInt(5), random.nextInt(requestsMax * 3 + 2));
                if (!model.containsKey(requestId)) {
                    sequence += 1 + random.nextInt(3);
                    recent.remember(requestId, sequence);
                    model.put(requestId, sequence);
                    if (model.size() > requestsMax) {
                        model.remove(model.keySet().iterator().next());
                    }
                    seen.add(requestId);
                }
                RequestId probe = seen.get(random.nextInt(seen.size()));
                assertThat(recent.sequenceOf(probe)).as("seed %d, step %d, %s", seed, step, probe)
                        .isEqualTo(model.getOrDefault(probe, 0L));
                assertThat(recent.size()).isEqualTo(model.size());
            }
            for (RequestId requestId : seen) {
                assertThat(recent.sequenceOf(requestId)).as("seed %d, at the end, %s", seed, requestId)
                        .isEqualTo(model.getOrDefault(requestId, 0L));
            }
        }
    }
}
