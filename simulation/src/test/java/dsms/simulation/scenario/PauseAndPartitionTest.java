package dsms.simulation.scenario;

import static dsms.simulation.scenario.ScriptedCluster.SECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.command.AddShare;
import dsms.market.command.PurchaseShare;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.sequencer.Sequencer;
import dsms.protocol.sequencer.SequencerConfig;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.cluster.NodeStatus;
import dsms.simulation.fault.Fault;
import org.junit.jupiter.api.Test;
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
    private static final int A = 0;
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

    /**
     * Two replicas cut off under load come back a whole window behind the third, and the sequencer
     * may forget an entry only once two replicas hold it, so it admits new requests only as fast
     * as the better of the two catches up. The new entries it sends them lie beyond their holdback
     * queues (an eighth of the window, as on the real cluster) and are dropped, so they catch up
     * on what they ask for alone. Asking one range per nack interval (4 entries every 20 ms here,
     * 200 a second), they stayed a window behind for as long as a load of 500 requests a second
     * lasted, and the cluster ordered 225 requests instead of 801 (on the real cluster: 256
     * entries every 20 ms against 40,000 operations a second, for over a minute after all its
     * serving processes were frozen for 3 s). A round of nacks answered in full is now followed at
     * once, so they catch up while the load goes on.
     */
    @Test
    void shouldCatchUpTwoReplicasCutOffUnderLoadWhileTheLoadGoesOn() {
        int windowEntries = 64;
        int nackEntries = 4;
        ClusterSetup setup = ClusterSetup.defaults(new ClusterShape(3, FailureMode.CRASH))
                .withSequencerConfig(SequencerConfig.defaults()
                        .withRetransmissionEntriesMax(windowEntries)
                        .withRetransmitEntriesMax(nackEntries)
                        .withNackEntriesMax(nackEntries))
                .withReplicaConfig(ReplicaConfig.defaults()
                        .withNackEntriesMax(nackEntries)
                        .withHoldbackEntriesMax(windowEntries / 8))
                .withReplicaManagers(false);
        ScriptedCluster run = new ScriptedCluster(setup, 1);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 1_000_000));
        run.apply(new Fault.IsolateNode(NodeId.replica(A)));
        run.apply(new Fault.IsolateNode(NodeId.replica(B)));
        // Longer than the sequencer pushes unacknowledged entries to a silent replica (8 times 50 ms).
        purchaseEveryTwoMilliseconds(run, 300);
        run.apply(new Fault.ReconnectNode(NodeId.replica(A)));
        run.apply(new Fault.ReconnectNode(NodeId.replica(B)));

        purchaseEveryTwoMilliseconds(run, 500);

        Sequencer sequencer = run.cluster().sequencer();
        long assigned = sequencer.highestAssignedSequence();
        assertThat(assigned).as("the load went on after the pause").isGreaterThan(3L * windowEntries);
        assertThat(assigned - sequencer.acknowledgedSequence(A)).as("A's lag").isLessThan(windowEntries / 2);
        assertThat(assigned - sequencer.acknowledgedSequence(B)).as("B's lag").isLessThan(windowEntries / 2);
        run.settle(2 * SECOND_NS);
        run.assertConsistent();
    }

    private static void purchaseEveryTwoMilliseconds(ScriptedCluster run, int purchases) {
        for (int purchase = 0; purchase < purchases; purchase++) {
            run.submit(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 1));
            run.settle(2 * ScriptedCluster.MILLISECOND_NS);
        }
    }
}
