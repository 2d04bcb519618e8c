package dsms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.NodeId;
import org.junit.jupiter.api.Test;

class ClusterShapeTest {

    @Test
    void shouldTolerateOneFaultWithThreeOrFourReplicas() {
        assertThat(new ClusterShape(3, FailureMode.CRASH).faultsTolerated()).isEqualTo(1);
        assertThat(new ClusterShape(4, FailureMode.CRASH).faultsTolerated()).isEqualTo(1);
        assertThat(new ClusterShape(5, FailureMode.CRASH).faultsTolerated()).isEqualTo(2);
    }

    @Test
    void shouldTrustTheFirstResultInCrashModeAndFPlusOneInByzantineMode() {
        assertThat(new ClusterShape(3, FailureMode.CRASH).matchingResultsRequired()).isEqualTo(1);
        assertThat(new ClusterShape(3, FailureMode.BYZANTINE).matchingResultsRequired()).isEqualTo(2);
        assertThat(new ClusterShape(4, FailureMode.BYZANTINE).matchingResultsRequired()).isEqualTo(2);
        assertThat(new ClusterShape(4, FailureMode.BYZANTINE).replicasHoldingBeforeDrop()).isEqualTo(2);
    }

    @Test
    void shouldNameItsNodes() {
        ClusterShape shape = new ClusterShape(4, FailureMode.BYZANTINE);
        assertThat(shape.replicas()).containsExactly(
                NodeId.replica(0), NodeId.replica(1), NodeId.replica(2), NodeId.replica(3));
        assertThat(shape.replicaManagers()).hasSize(4).allSatisfy(manager ->
                assertThat(manager.role()).isEqualTo(NodeId.Role.REPLICA_MANAGER));
        assertThat(shape.isReplica(NodeId.replica(3))).isTrue();
        assertThat(shape.isReplica(NodeId.replica(4))).isFalse();
        assertThat(shape.isReplica(NodeId.replicaManager(0))).isFalse();
        assertThat(shape.sequencer()).isEqualTo(NodeId.sequencer(0));
    }

    @Test
    void shouldRejectImpossibleShapes() {
        assertThatThrownBy(() -> new ClusterShape(0, FailureMode.CRASH)).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> new ClusterShape(27, FailureMode.CRASH)).isInstanceOf(InvariantViolation.class);
    }
}
