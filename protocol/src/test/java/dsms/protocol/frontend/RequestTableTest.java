package dsms.protocol.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.RequestId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestTableTest {
    private static PendingRequest request(long clientId, long counter) {
        return new PendingRequest(new RequestId(clientId, counter), new byte[0], 0, 0, 3);
    }

    private static List<PendingRequest> listed(Iterable<PendingRequest> requests) {
        List<PendingRequest> listed = new ArrayList<>();
        requests.forEach(listed::add);
        return listed;
    }

    @Test
    void shouldFindRequestsInEitherListAndTellWhichListTheyAreIn() {
        RequestTable table = new RequestTable(8);
        PendingRequest first = request(1, 1);
        PendingRequest second = request(1, 2);
        table.addUnanswered(first);
        table.addUnanswered(second);
        table.moveToAnsweredEnd(first);

        assertThat(table.find(new RequestId(1, 1))).isSameAs(first);
        assertThat(table.find(new RequestId(1, 2))).isSameAs(second);
        assertThat(table.find(new RequestId(1, 3))).isNull();
        assertThat(table.findAnswered(new RequestId(1, 1))).isSameAs(first);
        assertThat(table.findAnswered(new RequestId(1, 2))).as("not answered yet").isNull();
        assertThat(table.isUnanswered(new RequestId(1, 2))).isTrue();
        assertThat(table.isUnanswered(new RequestId(1, 1))).isFalse();
        assertThat(table.unansweredCount()).isEqualTo(1);
        assertThat(table.answeredCount()).isEqualTo(1);
    }

    @Test
    void shouldListUnansweredInSubmissionOrderAndAnsweredInTheOrderTheyReachedTheEnd() {
        RequestTable table = new RequestTable(8);
        List<PendingRequest> submitted = new ArrayList<>();
        for (long counter = 1; counter <= 5; counter++) {
            submitted.add(request(9, counter));
            table.addUnanswered(submitted.get(submitted.size() - 1));
        }
        table.moveToAnsweredEnd(submitted.get(2));
        table.moveToAnsweredEnd(submitted.get(0));
        table.moveToAnsweredEnd(submitted.get(4));
        // Asked again: an answered request takes its place at the end once more.
        table.moveToAnsweredEnd(submitted.get(2));

        assertThat(listed(table.unanswered())).containsExactly(submitted.get(1), submitted.get(3));
        assertThat(listed(table.answered())).containsExactly(submitted.get(0), submitted.get(4), submitted.get(2));
        assertThat(table.oldestAnswered()).isSameAs(submitted.get(0));
    }

    @Test
    void shouldFreeARemovedRequestsEntryForTheNextAndIgnoreARequestNoLongerThere() {
        RequestTable table = new RequestTable(2);
        PendingRequest first = request(1, 1);
        table.addUnanswered(first);
        table.addUnanswered(request(1, 2));
        assertThatThrownBy(() -> table.addUnanswered(request(1, 3)))
                .as("two entries").isInstanceOf(InvariantViolation.class);

        table.remove(first);
        table.remove(first);
        table.remove(request(1, 2));
        assertThat(table.find(new RequestId(1, 2))).as("another request of the same ID is not removed").isNotNull();
        PendingRequest third = request(1, 3);
        table.addUnanswered(third);

        assertThat(table.find(new RequestId(1, 1))).isNull();
        assertThat(listed(table.unanswered())).extracting(PendingRequest::requestId)
                .containsExactly(new RequestId(1, 2), new RequestId(1, 3));
        assertThat(table.oldestAnswered()).isNull();
    }

    @Test
    void shouldRefuseARequestIdAlreadyInTheTable() {
        RequestTable table = new RequestTable(4);
        table.addUnanswered(request(5, 5));

        assertThatThrownBy(() -> table.addUnanswered(request(5, 5))).isInstanceOf(InvariantViolation.class);
        assertThat(table.unansweredCount()).isEqualTo(1);
    }

    /** Random adds, answers, moves and removals against two lists kept by hand. */
    @Test
    void shouldAgreeWithTwoOrderedListsThroughRandomChanges() {
        SplittableRandom random = new SplittableRandom(20261124);
        RequestTable table = new RequestTable(64);
        List<PendingRequest> unanswered = new ArrayList<>();
        List<PendingRequest> answered = new ArrayList<>();
        Map<RequestId, PendingRequest> all = new HashMap<>();
        long nextCounter = 1;
        for (int step = 0; step < 20_000; step++) {
            int choice = random.nextInt(4);
            if (choice == 0 && all.size() < 64) {
                // Mostly a front end's next counter, sometimes an idempotency key's ID.
                PendingRequest request = random.nextInt(5) == 0 ? request(random.nextLong(), 0) : request(3, nextCounter++);
                table.addUnanswered(request);
                unanswered.add(request);
                all.put(request.requestId(), request);
            } else if (choice == 1 && !all.isEmpty()) {
                PendingRequest request = pick(random, all);
                unanswered.remove(request);
                answered.remove(request);
                answered.add(request);
                table.moveToAnsweredEnd(request);
            } else if (choice == 2 && !all.isEmpty()) {
                PendingRequest request = pick(random, all);
                unanswered.remove(request);
                answered.remove(request);
                all.remove(request.requestId());
                table.remove(request);
            }
            assertThat(listed(table.unanswered())).as("step %d", step).isEqualTo(unanswered);
            assertThat(listed(table.answered())).as("step %d", step).isEqualTo(answered);
            assertThat(table.unansweredCount()).isEqualTo(unanswered.size());
            assertThat(table.answeredCount()).isEqualTo(answered.size());
            for (PendingRequest request : all.values()) {
                assertThat(table.find(request.requestId())).isSameAs(request);
            }
        }
    }

    private static PendingRequest pick(SplittableRandom random, Map<RequestId, PendingRequest> all) {
        List<PendingRequest> requests = new ArrayList<>(all.values());
        requests.sort((left, right) -> left.requestId().compareTo(right.requestId()));
        return requests.get(random.nextInt(requests.size()));
    }
}
