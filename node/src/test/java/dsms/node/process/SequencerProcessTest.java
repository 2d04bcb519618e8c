package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.NodeId;
import dsms.protocol.sequencer.SequencerStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sequencer process's periodic report: when it writes a line, and how it names each replica's acknowledgement. */
class SequencerProcessTest {
    private static SequencerStats ordered(long requests) {
        return new SequencerStats(requests, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldReportAStalledSequencerEvenWhenNoCounterMoved() {
        assertThat(SequencerProcess.isWorthReporting(ordered(0), null, 0)).as("before the first request").isFalse();
        assertThat(SequencerProcess.isWorthReporting(ordered(5), ordered(3), 0)).as("counters moved").isTrue();
        assertThat(SequencerProcess.isWorthReporting(ordered(5), ordered(5), 0)).as("idle, every entry acknowledged").isFalse();
        assertThat(SequencerProcess.isWorthReporting(ordered(5), ordered(5), 40)).as("entries still unacknowledged").isTrue();
    }

    @Test
    void shouldNameEachReplicasAcknowledgementInReplicaOrder() {
        List<NodeId> replicas = List.of(NodeId.replica(0), NodeId.replica(1), NodeId.replica(2));
        Map<NodeId, Long> acknowledged = Map.of(NodeId.replica(0), 120L, NodeId.replica(1), 96L, NodeId.replica(2), 120L);

        assertThat(SequencerProcess.acknowledgements(replicas, acknowledged::get)).isEqualTo("RA 120, RB 96, RC 120");
    }
}
