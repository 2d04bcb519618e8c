package dsms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaAck;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionCountersTest {

    @Test
    void each_reason_counts_separately_and_the_total_sums_them() {
        RejectionCounters counters = new RejectionCounters();

        counters.increment(Rejection.BAD_MAC);
        counters.increment(Rejection.BAD_MAC);
        counters.increment(Rejection.TRAILING_BYTES);

        assertThat(counters.count(Rejection.BAD_MAC)).isEqualTo(2);
        assertThat(counters.count(Rejection.TRAILING_BYTES)).isEqualTo(1);
        assertThat(counters.count(Rejection.TOO_SHORT)).isZero();
        assertThat(counters.total()).isEqualTo(3);
    }

    @Test
    void only_rejected_results_are_counted() {
        RejectionCounters counters = new RejectionCounters();
        DecodeResult decoded = new DecodeResult.Decoded(NodeId.replica(0), List.of(new ReplicaAck(1)));

        boolean decodedCounted = counters.countIfRejected(decoded);
        boolean rejectedCounted = counters.countIfRejected(new DecodeResult.Rejected(Rejection.BAD_MAGIC));

        assertThat(decodedCounted).isFalse();
        assertThat(rejectedCounted).isTrue();
        assertThat(counters.snapshot()).containsEntry(Rejection.BAD_MAGIC, 1L);
        assertThat(counters.total()).isEqualTo(1);
    }

    @Test
    void the_snapshot_and_text_list_every_reason_in_declaration_order_and_do_not_change_later() {
        RejectionCounters counters = new RejectionCounters();
        counters.increment(Rejection.UNKNOWN_MESSAGE_TYPE);

        var snapshot = counters.snapshot();
        counters.increment(Rejection.UNKNOWN_MESSAGE_TYPE);

        assertThat(snapshot.keySet()).containsExactly(Rejection.values());
        assertThat(snapshot).containsEntry(Rejection.UNKNOWN_MESSAGE_TYPE, 1L);
        assertThat(counters.toString())
                .startsWith("{TOO_SHORT=0, BAD_MAGIC=0, ")
                .contains("UNKNOWN_MESSAGE_TYPE=2")
                .endsWith("TRAILING_BYTES=0}");
    }
}
