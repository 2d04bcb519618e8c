package dsms.simulation.scenario;

import static dsms.simulation.scenario.ScriptedCluster.SECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.command.AddShare;
import dsms.market.command.PurchaseShare;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import dsms.simulation.cluster.NodeStatus;
import dsms.simulation.fault.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A replica that stops for a while with its memory intact (a long pause) or is cut off (a
 * partition) misses requests, is suspected meanwhile, and catches up on its own once it is back:
 * same last sequence number, same state.
 */
class PauseAndPartitionTest {
    private static final String NYK_ADMIN = "NYKA0001";
    private static final String NYK_BUYER = "NYKB0001";
    private static final int B = 1;

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, BYZANTINE"})
    void shouldCatchUpAPausedReplicaOnceItResumes(int replicaCount, FailureMode mode) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, mode);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 1_000));
        run.apply(new Fault.PauseReplica(B));

        for (int purchase = 0; purchase < 20; purchase++) {
            run.execute(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 1));
        }
        run.settle(2 * SECOND_NS);
        assertThat(run.cluster().status(NodeId.replica(B))).isEqualTo(NodeStatus.PAUSED);
        assertThat(run.cluster().replica(B).lastDeliveredSequence()).isEqualTo(1);
        assertThat(run.suspectedReplicas()).containsExactly(B);

        run.apply(new Fault.ResumeReplica(B));
        run.settle(2 * SECOND_NS);

        assertThat(run.cluster().replica(B).lastDeliveredSequence()).isEqualTo(21);
        run.assertConsistent();
        assertThat(run.cluster().market(B).digest()).isEqualTo(run.cluster().market(0).digest());
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH"})
    void shouldCatchUpAReplicaCutOffByAPartitionOnceItHeals(int replicaCount, FailureMode mode) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, mode);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 1_000));
        run.apply(new Fault.IsolateNode(NodeId.replica(B)));

        for (int purchase = 0; purchase < 20; purchase++) {
            run.execute(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 1));
        }
        run.settle(3 * SECOND_NS);
        assertThat(run.cluster().replica(B).lastDeliveredSequence()).isEqualTo(1);

        run.apply(new Fault.ReconnectNode(NodeId.replica(B)));
        run.settle(3 * SECOND_NS);

        assertThat(run.cluster().replica(B).lastDeliveredSequence()).isEqualTo(21);
        assertThat(run.cluster().sequencer().acknowledgedSequence(B)).isEqualTo(21);
        run.assertConsistent();
        assertThat(run.cluster().market(B).digest()).isEqualTo(run.cluster().market(0).digest());
    }
}
