package dsms.simulation.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Delivery;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import dsms.simulation.cluster.ClusterObserver;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.cluster.SimulatedCluster;
import dsms.simulation.network.NetworkFaults;
import dsms.simulation.trace.Trace;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checks that know about restarts and checkpoints fail at the first divergence and only then. */
class RecoveryChecksTest {
    private static final NodeId A = NodeId.replica(0);
    private static final NodeId B = NodeId.replica(1);
    private static final byte[] COMMAND = {1, 2, 3};

    private static OrderedEntry entry(long sequence, long counter) {
        return new OrderedEntry(1, sequence, 1_000 + sequence, new RequestId(7, counter), NodeId.frontEnd(0), COMMAND);
    }

    private static Delivery executed(NodeId replica, OrderedEntry entry) {
        return new Delivery(replica, entry, Delivery.Kind.EXECUTED, entry.sequence(), new byte[] {1});
    }

    private static Checkers watching() {
        Checkers checkers = new Checkers();
        SimulatedCluster cluster = new SimulatedCluster(
                ClusterSetup.defaults(new ClusterShape(3, FailureMode.CRASH)),
                new SplittableRandom(1),
                NetworkFaults.PERFECT,
                Trace.tailOnly(SimulatedCluster.START_NS),
                new ClusterObserver() {});
        checkers.watch(cluster);
        return checkers;
    }

    @Test
    void shouldFailWhenTwoCorrectReplicasTakeDifferentCheckpointsAtOneSequence() {
        Checkers checkers = watching();
        checkers.onCheckpoint(new CheckpointEvent(A, CheckpointEvent.Kind.TAKEN, Checkpoint.of(16, new byte[] {1})), 0);
        checkers.onCheckpoint(new CheckpointEvent(B, CheckpointEvent.Kind.TAKEN, Checkpoint.of(16, new byte[] {1})), 0);
        assertThat(checkers.checkpointsCompared()).isEqualTo(1);

        assertThatThrownBy(() -> checkers.onCheckpoint(
                        new CheckpointEvent(B, CheckpointEvent.Kind.INSTALLED, Checkpoint.of(16, new byte[] {2})), 0))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.CHECKPOINT_DIGEST))
                .hasMessageContaining("at checkpoint #16 RA (TAKEN)")
                .hasMessageContaining("RB (INSTALLED)");
    }

    @Test
    void shouldLetARestartedReplicaDeliverAgainOnlyWhatAgreesWithTheOrder() {
        TotalOrderCheck check = new TotalOrderCheck();
        for (long sequence = 1; sequence <= 3; sequence++) {
            check.onDelivery(executed(A, entry(sequence, sequence)));
        }
        check.restartAt(A, 1);

        check.onDelivery(executed(A, entry(2, 2)));
        assertThatThrownBy(() -> check.onDelivery(executed(A, entry(3, 9))))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.TOTAL_ORDER))
                .hasMessageContaining("at #3 RA delivered");
    }

    @Test
    void shouldLetARestartedReplicaExecuteAgainOnlyWhatItsRebuiltStateLacks() {
        ExactlyOnceCheck check = new ExactlyOnceCheck();
        check.onDelivery(executed(A, entry(1, 1)));
        check.onDelivery(executed(A, entry(2, 2)));
        check.restartAt(A, 1);

        check.onDelivery(executed(A, entry(2, 2)));
        assertThatThrownBy(() -> check.onDelivery(executed(A, entry(3, 1))))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.EXACTLY_ONCE))
                .hasMessageContaining("RA executed request 7-1 twice: at #1 and again at #3");
    }

    @Test
    void shouldFailWhenARebuiltReplicaExecutesARequestAtAnotherSequenceThanTheCluster() {
        ExactlyOnceCheck check = new ExactlyOnceCheck();
        check.onDelivery(executed(A, entry(1, 1)));
        check.restartAt(B, 0);

        assertThatThrownBy(() -> check.onDelivery(executed(B, entry(3, 1))))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.EXACTLY_ONCE))
                .hasMessageContaining("RB executed request 7-1 at #3, but the cluster first executed it at #1");
    }

    @Test
    void shouldAcceptADeduplicationFromAnInstalledTableOnlyAtTheAgreedExecution() {
        ExactlyOnceCheck check = new ExactlyOnceCheck();
        check.onDelivery(executed(A, entry(1, 1)));
        check.restartAt(B, 16);

        check.onDelivery(new Delivery(B, entry(17, 1), Delivery.Kind.DEDUPLICATED, 1, new byte[] {1}));
        assertThatThrownBy(() -> check.onDelivery(new Delivery(B, entry(18, 1), Delivery.Kind.DEDUPLICATED, 5, new byte[] {1})))
                .isInstanceOfSatisfying(CheckFailure.class, failure -> assertThat(failure.check()).isEqualTo(Check.EXACTLY_ONCE))
                .hasMessageContaining("naming execution #5 (from its checkpoint), but it was executed at #1");
    }
}
