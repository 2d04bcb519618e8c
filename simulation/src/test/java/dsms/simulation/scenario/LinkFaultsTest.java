package dsms.simulation.scenario;

import static dsms.simulation.scenario.ScriptedCluster.MILLISECOND_NS;
import static dsms.simulation.scenario.ScriptedCluster.SECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import dsms.simulation.RunStats;
import dsms.simulation.Scenario;
import dsms.simulation.SimulationOptions;
import dsms.simulation.SimulationResult;
import dsms.simulation.SimulationRunner;
import dsms.simulation.fault.Fault;
import dsms.simulation.fault.FaultPlan;
import dsms.simulation.network.Link;
import dsms.simulation.network.NetworkFaults;
import dsms.simulation.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lost, duplicated and reordered datagrams on each link of the request path, one link at a time:
 * every request is still answered once, correctly, in one total order, and every replica ends in
 * the same state.
 */
class LinkFaultsTest {
    private static final long HEAL_AT_NS = 3 * SECOND_NS;

    /** The request path's links; a replica link means that link of every replica. */
    enum PathLink {
        FRONT_END_TO_SEQUENCER,
        SEQUENCER_TO_REPLICAS,
        REPLICAS_TO_SEQUENCER,
        REPLICAS_TO_FRONT_END;

        List<Link> links(ClusterShape shape) {
            NodeId frontEnd = NodeId.frontEnd(0);
            NodeId sequencer = shape.sequencer();
            List<Link> links = new ArrayList<>();
            if (this == FRONT_END_TO_SEQUENCER) {
                links.add(new Link(frontEnd, sequencer));
            }
            for (NodeId replica : shape.replicas()) {
                switch (this) {
                    case SEQUENCER_TO_REPLICAS -> links.add(new Link(sequencer, replica));
                    case REPLICAS_TO_SEQUENCER -> links.add(new Link(replica, sequencer));
                    case REPLICAS_TO_FRONT_END -> links.add(new Link(replica, frontEnd));
                    case FRONT_END_TO_SEQUENCER -> {}
                }
            }
            return links;
        }
    }

    /** What goes wrong on the link, heavily. */
    enum LinkFault {
        LOSS(new NetworkFaults(0.5, 0, 50_000, 50_000, 0)),
        DUPLICATION(new NetworkFaults(0, 0.5, 50_000, 50_000, 0)),
        REORDERING(new NetworkFaults(0, 0, 10_000, 40 * MILLISECOND_NS, 0));

        final NetworkFaults weather;

        LinkFault(NetworkFaults weather) {
            this.weather = weather;
        }

        long observed(RunStats stats) {
            return switch (this) {
                case LOSS -> stats.datagramsLost();
                case DUPLICATION -> stats.datagramsDuplicated();
                case REORDERING -> stats.datagramsReordered();
            };
        }
    }

    static Stream<Arguments> everyLinkAndFault() {
        List<Arguments> cases = new ArrayList<>();
        for (PathLink link : PathLink.values()) {
            for (LinkFault fault : LinkFault.values()) {
                cases.add(Arguments.of(link, fault, 3, FailureMode.CRASH));
                cases.add(Arguments.of(link, fault, 4, FailureMode.BYZANTINE));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}, {2} replicas, {3} mode")
    @MethodSource("everyLinkAndFault")
    void shouldAnswerEveryRequestOnceAndCorrectly(PathLink pathLink, LinkFault fault, int replicaCount, FailureMode mode) {
        ClusterShape shape = new ClusterShape(replicaCount, mode);
        List<FaultPlan.ScheduledFault> faults = new ArrayList<>();
        for (Link link : pathLink.links(shape)) {
            faults.add(new FaultPlan.ScheduledFault(0, new Fault.ChangeLinkWeather(link, fault.weather)));
        }
        Scenario scenario = Scenario.scripted(11, shape, Workload.crowded(3, 20), FaultPlan.healingAt(HEAL_AT_NS, faults));

        SimulationResult result = SimulationRunner.run(scenario, SimulationOptions.defaults());

        assertThat(result.passed()).as(result instanceof SimulationResult.Failed failed ? failed.report() : "").isTrue();
        assertThat(fault.observed(result.stats())).as("datagrams that suffered %s", fault).isPositive();
        assertThat(result.stats().answers()).isGreaterThanOrEqualTo(60);
    }
}
