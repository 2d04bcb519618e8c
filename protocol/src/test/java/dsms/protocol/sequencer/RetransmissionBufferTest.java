package dsms.protocol.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import org.junit.jupiter.api.Test;

class RetransmissionBufferTest {

    private static OrderedEntry entry(long sequence) {
        return new OrderedEntry(1, sequence, 0, new RequestId(1, sequence), NodeId.frontEnd(0), new byte[0]);
    }

    @Test
    void shouldKeepConsecutiveEntriesAcrossTheRingBoundary() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(3, 1);
        for (long sequence = 1; sequence <= 7; sequence++) {
            if (buffer.isFull()) {
                buffer.removeOldest();
            }
            buffer.append(entry(sequence));
        }

        assertThat(buffer.firstSequence()).isEqualTo(5);
        assertThat(buffer.range(1, 10)).extracting(OrderedEntry::sequence).containsExactly(5L, 6L, 7L);
        assertThat(buffer.range(6, 6)).extracting(OrderedEntry::sequence).containsExactly(6L);
        assertThat(buffer.range(8, 9)).isEmpty();
    }

    @Test
    void shouldRefuseAnAppendThatWouldOverflowOrLeaveAGap() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(1, 1);
        assertThatThrownBy(() -> buffer.append(entry(2))).isInstanceOf(InvariantViolation.class);
        buffer.append(entry(1));
        assertThatThrownBy(() -> buffer.append(entry(2))).isInstanceOf(InvariantViolation.class);
    }
}
