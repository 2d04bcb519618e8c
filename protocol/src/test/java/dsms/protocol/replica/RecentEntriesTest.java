package dsms.protocol.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recent entries a replica keeps for its peers come back exactly as they were delivered. */
class RecentEntriesTest {
    private static OrderedEntry entry(long sequence) {
        return new OrderedEntry(3, sequence, 1_000 + sequence, new RequestId(sequence % 2, 40 + sequence),
                NodeId.frontEnd((int) (sequence % 2)), new byte[] {(byte) sequence, 7});
    }

    @Test
    void shouldGiveBackEveryFieldOfTheEntriesItHoldsAcrossTheRingsWrap() {
        RecentEntries recent = new RecentEntries(4);
        for (long sequence = 1; sequence <= 6; sequence++) {
            recent.append(entry(sequence));
            recent.discardThrough(sequence - 3);
        }

        assertThat(recent.firstSequence()).isEqualTo(4);
        assertThat(recent.lastSequence()).isEqualTo(6);
        List<OrderedEntry> held = recent.range(1, 10);
        assertThat(held).extracting(OrderedEntry::sequence).containsExactly(4L, 5L, 6L);
        for (int index = 0; index < held.size(); index++) {
            OrderedEntry expected = entry(4 + index);
            assertThat(held.get(index)).usingRecursiveComparison().isEqualTo(expected);
        }
        assertThat(recent.range(5, 5)).singleElement().usingRecursiveComparison().isEqualTo(entry(5));
        assertThat(recent.range(7, 9)).isEmpty();
    }

    @Test
    void shouldStartAfterASequenceWithNothingHeld() {
        RecentEntries recent = new RecentEntries(4);
        recent.append(entry(1));

        recent.startAfter(10);

        assertThat(recent.size()).isZero();
        assertThat(recent.range(1, 20)).isEmpty();
        recent.append(entry(11));
        assertThat(recent.range(1, 20)).singleElement().usingRecursiveComparison().isEqualTo(entry(11));
    }

    @Test
    void shouldRefuseAGapOrMoreEntriesThanItsBound() {
        RecentEntries recent = new RecentEntries(2);
        recent.append(entry(1));
        assertThatThrownBy(() -> recent.append(entry(3))).isInstanceOf(InvariantViolation.class);
        recent.append(entry(2));
        assertThatThrownBy(() -> recent.append(entry(3))).isInstanceOf(InvariantViolation.class);
    }
}
