package dsms.simulation.network;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {
    private static final NodeId SEQUENCER = NodeId.sequencer(0);
    private static final NodeId REPLICA = NodeId.replica(0);

    private static List<String> run(long seed, NetworkFaults faults) {
        SimulatedNetwork network = new SimulatedNetwork(new SplittableRandom(seed), faults);
        List<String> deliveries = new ArrayList<>();
        for (int index = 0; index < 1_000; index++) {
            network.send(index, SEQUENCER, REPLICA, new byte[] {(byte) index, 1, 2, 3},
                    (timeNs, delivery) -> deliveries.add(timeNs + ":" + Arrays.toString(delivery.datagram())));
        }
        return deliveries;
    }

    @Test
    void shouldReplayExactlyFromTheSameSeed() {
        NetworkFaults faults = new NetworkFaults(0.2, 0.1, 1_000, 90_000, 0.05);
        assertThat(run(42, faults)).isEqualTo(run(42, faults));
        assertThat(run(42, faults)).isNotEqualTo(run(43, faults));
    }

    @Test
    void shouldLoseDuplicateAndCorruptRoughlyAtTheConfiguredRates() {
        SimulatedNetwork network =
                new SimulatedNetwork(new SplittableRandom(7), new NetworkFaults(0.3, 0.2, 0, 0, 0.1));
        for (int index = 0; index < 10_000; index++) {
            network.send(0, SEQUENCER, REPLICA, new byte[] {1}, (timeNs, delivery) -> {});
        }
        assertThat(network.counters().lost).isBetween(2_700L, 3_300L);
        assertThat(network.counters().duplicated).isBetween(1_200L, 1_600L);
        assertThat(network.counters().corrupted).isBetween(600L, 1_000L);
    }

    @Test
    void shouldDropEverythingOnCutLinkUntilHealed() {
        SimulatedNetwork network = new SimulatedNetwork(new SplittableRandom(1), NetworkFaults.PERFECT);
        List<byte[]> delivered = new ArrayList<>();
        network.cut(REPLICA, SEQUENCER);
        network.send(0, SEQUENCER, REPLICA, new byte[] {1}, (timeNs, delivery) -> delivered.add(delivery.datagram()));
        assertThat(delivered).isEmpty();
        network.heal(SEQUENCER, REPLICA);
        network.send(0, SEQUENCER, REPLICA, new byte[] {1}, (timeNs, delivery) -> delivered.add(delivery.datagram()));
        assertThat(delivered).hasSize(1);
    }

    @Test
    void shouldApplyALinksOwnWeatherInItsDirectionOnly() {
        SimulatedNetwork network = new SimulatedNetwork(new SplittableRandom(3), NetworkFaults.PERFECT);
        network.setLinkFaults(new Link(SEQUENCER, REPLICA), new NetworkFaults(0.5, 0, 1, 1, 0));
        for (int index = 0; index < 1_000; index++) {
            network.send(0, REPLICA, SEQUENCER, new byte[] {1}, (timeNs, delivery) -> {});
        }
        assertThat(network.counters().lost).isZero();
        for (int index = 0; index < 1_000; index++) {
            network.send(0, SEQUENCER, REPLICA, new byte[] {1}, (timeNs, delivery) -> {});
        }
        assertThat(network.counters().lost).isBetween(400L, 600L);
    }

    @Test
    void shouldCutOneDirectionOnlyAndCountDatagramsThatOvertakeOthers() {
        SimulatedNetwork network = new SimulatedNetwork(new SplittableRandom(5), new NetworkFaults(0, 0, 0, 1_000_000, 0));
        network.cutOneWay(new Link(SEQUENCER, REPLICA));
        assertThat(network.send(0, SEQUENCER, REPLICA, new byte[] {1}, (timeNs, delivery) -> {}))
                .isEqualTo(SimulatedNetwork.Fate.CUT);
        for (int index = 0; index < 100; index++) {
            assertThat(network.send(index, REPLICA, SEQUENCER, new byte[] {1}, (timeNs, delivery) -> {}))
                    .isEqualTo(SimulatedNetwork.Fate.DELIVERED);
        }
        assertThat(network.counters().reordered).isPositive();
        network.healOneWay(new Link(SEQUENCER, REPLICA));
        assertThat(network.isCut(new Link(SEQUENCER, REPLICA))).isFalse();
    }

    @Test
    void shouldOrderEventsByTimeThenBySchedulingOrder() {
        EventQueue<String> queue = new EventQueue<>(0, 100);
        queue.schedule(20, "late");
        queue.schedule(10, "first");
        queue.schedule(10, "second");
        assertThat(List.of(queue.next(), queue.next(), queue.next())).containsExactly("first", "second", "late");
        assertThat(queue.nowNs()).isEqualTo(20);
    }
}
