package dsms.simulation.scenario;

import static dsms.simulation.scenario.ScriptedCluster.SECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.command.AddShare;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.replica.RecoveryConfig;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.cluster.NodeStatus;
import dsms.simulation.fault.Fault;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recovery as scenarios: a replica is killed and comes back from its disk, from a disk whose log
 * lost its tail, or empty, or its replica manager notices it is down and restarts it. Each time it
 * ends at the others' sequence with the same state, and every check ran while it caught up
 * (redelivered entries in the agreed order, nothing executed twice, equal checkpoint digests).
 */
class RecoveryScenarioTest {
    /** Small, so that the 20-odd commands of a scenario span several checkpoints. */
    private static final int CHECKPOINT_INTERVAL_ENTRIES = 8;
    private static final String NYK_ADMIN = "NYKA0001";
    private static final int A = 0;
    private static final int B = 1;

    private static ScriptedCluster cluster(int replicaCount, FailureMode mode, boolean managers) {
        ClusterSetup setup = ClusterSetup.defaults(new ClusterShape(replicaCount, mode))
                .withRecoveryConfig(RecoveryConfig.defaults().withCheckpointIntervalEntries(CHECKPOINT_INTERVAL_ENTRIES))
                .withReplicaManagers(managers);
        return new ScriptedCluster(setup, 1);
    }

    /** Adds shares of {@code count} distinct days, one command each. */
    private static void addShares(ScriptedCluster run, int firstDay, int count) {
        for (int day = firstDay; day < firstDay + count; day++) {
            run.execute(new AddShare(NYK_ADMIN, String.format(Locale.ROOT, "NYKM%02d0224", day), "EQUITY", 100));
        }
    }

    private static void assertCaughtUp(ScriptedCluster run, int replica) {
        long sequence = run.cluster().sequencer().highestAssignedSequence();
        assertThat(run.cluster().status(NodeId.replica(replica))).isEqualTo(NodeStatus.UP);
        assertThat(run.cluster().replica(replica).status()).isEqualTo(ReplicaStatus.LIVE);
        assertThat(run.cluster().replica(replica).lastDeliveredSequence()).isEqualTo(sequence);
        assertThat(run.cluster().market(replica).digest()).isEqualTo(run.cluster().market(A).digest());
        run.assertConsistent();
    }

    private static long startedAt(ScriptedCluster run, int replica, int incarnation) {
        String marker = "incarnation " + incarnation + " starts at #";
        String line = run.trace().stream()
                .filter(text -> text.contains(NodeId.replica(replica).toString()) && text.contains(marker))
                .findFirst()
                .orElseThrow();
        return Long.parseLong(line.substring(line.indexOf(marker) + marker.length()).trim());
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void shouldRebuildAKilledReplicaFromItsCheckpointAndLogAndCatchUp(int replicaCount, FailureMode mode) {
        ScriptedCluster run = cluster(replicaCount, mode, false);
        addShares(run, 1, 20);
        run.apply(new Fault.CrashReplica(B));
        addShares(run, 21, 5);

        run.apply(new Fault.RestartFromDisk(B));
        run.settle(2 * SECOND_NS);

        assertThat(run.cluster().incarnation(B)).isEqualTo(1);
        assertThat(startedAt(run, B, 1)).as("checkpoint #16, then the log up to #20").isEqualTo(20);
        assertCaughtUp(run, B);
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void shouldDeliverAgainWhatALostLogTailHeldWithoutExecutingTwice(int replicaCount, FailureMode mode) {
        ScriptedCluster run = cluster(replicaCount, mode, false);
        addShares(run, 1, 22);
        run.apply(new Fault.CrashReplica(B));

        run.apply(new Fault.CorruptLogTail(B, 3));
        run.apply(new Fault.RestartFromDisk(B));
        addShares(run, 23, 3);
        run.settle(2 * SECOND_NS);

        assertThat(startedAt(run, B, 1)).as("checkpoint #16, then the log up to #19 of #22").isEqualTo(19);
        assertCaughtUp(run, B);
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void shouldBringAReplicaBackOnAnEmptyDiskByStateTransfer(int replicaCount, FailureMode mode) {
        ScriptedCluster run = cluster(replicaCount, mode, false);
        addShares(run, 1, 20);
        run.apply(new Fault.CrashReplica(B));

        run.apply(new Fault.ReplaceEmpty(B));
        addShares(run, 21, 3);
        run.settle(3 * SECOND_NS);

        assertThat(startedAt(run, B, 1)).isZero();
        assertThat(run.trace()).anyMatch(line -> line.contains(NodeId.replica(B) + " ") && line.contains("checkpoint INSTALLED #16"));
        assertCaughtUp(run, B);
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "4, BYZANTINE"})
    void shouldHaveTheReplicaManagersRestartAReplicaTheyFindDown(int replicaCount, FailureMode mode) {
        ScriptedCluster run = cluster(replicaCount, mode, true);
        addShares(run, 1, 10);
        run.apply(new Fault.CrashReplica(B));
        addShares(run, 11, 5);

        // Managers give a starting replica actionCooldownNs (10 s) before they judge it crashed.
        run.settle(15 * SECOND_NS);

        assertThat(run.cluster().managers().get(B).restarts()).isPositive();
        assertThat(run.cluster().incarnation(B)).isPositive();
        assertThat(run.trace()).anyMatch(line -> line.contains("restart from disk " + NodeId.replica(B)));
        assertCaughtUp(run, B);
    }
}
