package dsms.simulation.scenario;

import static dsms.simulation.scenario.ScriptedCluster.SECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.ShareType;
import dsms.market.command.AddShare;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.result.ResultData.ShareAvailabilityList;
import dsms.market.result.ResultData.SharePurchased;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import dsms.simulation.ProtocolTuning;
import dsms.simulation.Scenario;
import dsms.simulation.SimulationOptions;
import dsms.simulation.SimulationResult;
import dsms.simulation.SimulationRunner;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.fault.Fault;
import dsms.simulation.fault.FaultPlan;
import dsms.simulation.network.Link;
import dsms.simulation.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clients retry a request that ended in a system error with the same request ID: the retry is
 * answered with the first execution's result, and nothing is executed twice, even when the
 * sequencer has forgotten the ID and orders the retry again.
 */
class ClientRetryTest {
    private static final String NYK_ADMIN = "NYKA0001";
    private static final String NYK_BUYER = "NYKB0001";

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void shouldAnswerARetryWithTheFirstExecutionWhenTheSequencerForgotTheRequest(int replicaCount, FailureMode mode) {
        ClusterShape shape = new ClusterShape(replicaCount, mode);
        ClusterSetup defaults = ClusterSetup.defaults(shape);
        ScriptedCluster run = new ScriptedCluster(
                defaults.withSequencerConfig(defaults.sequencerConfig().withRecentRequestsMax(1)), 5);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500));
        for (NodeId replica : shape.replicas()) {
            run.apply(new Fault.CutLink(new Link(replica, NodeId.frontEnd(0))));
        }
        PurchaseShare purchase = new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 10);
        RequestId purchaseId = run.submit(purchase);

        // Every result is lost on its way back: the front end gives up with a system error.
        assertThat(run.answer(purchaseId).status()).isEqualTo(RequestOutcome.Status.TIMED_OUT);
        for (NodeId replica : shape.replicas()) {
            run.apply(new Fault.HealLink(new Link(replica, NodeId.frontEnd(0))));
        }
        run.execute(new ListShareAvailability(NYK_BUYER, "BONUS"));
        run.submitAgain(purchaseId, purchase);
        RequestOutcome retried = run.answer(purchaseId);

        assertThat(retried.status()).isEqualTo(RequestOutcome.Status.AGREED);
        assertThat(retried.sequence()).isEqualTo(2);
        assertThat(ScriptedCluster.decode(retried).data()).isEqualTo(new SharePurchased("NYKM100224", ShareType.EQUITY, 10, 10));
        for (int replica = 0; replica < replicaCount; replica++) {
            // Ordered a second time (#4), answered from the table, not executed again.
            assertThat(run.cluster().replica(replica).stats().entriesDeduplicated()).isEqualTo(1);
            assertThat(run.cluster().replica(replica).lastDeliveredSequence()).isEqualTo(4);
        }
        ShareAvailabilityList listing =
                (ShareAvailabilityList) run.execute(new ListShareAvailability(NYK_BUYER, "EQUITY")).data();
        assertThat(listing.shares().get(0).remaining()).isEqualTo(490);
        run.assertConsistent();
    }

    @Test
    void shouldRetryEveryRequestThatTimedOutWhileTheSequencerWasCutOffUntilItIsAnswered() {
        // The sequencer is unreachable for 6 s, longer than the front end's 5 s ordering timeout.
        FaultPlan plan = FaultPlan.healingAt(7 * SECOND_NS, List.of(
                new FaultPlan.ScheduledFault(SECOND_NS / 2, new Fault.IsolateNode(NodeId.sequencer(0))),
                new FaultPlan.ScheduledFault(6 * SECOND_NS + SECOND_NS / 2, new Fault.ReconnectNode(NodeId.sequencer(0)))));
        Scenario scenario = Scenario.scripted(21, new ClusterShape(3, FailureMode.BYZANTINE), Workload.crowded(4, 15), plan);

        SimulationResult result = SimulationRunner.run(scenario, SimulationOptions.defaults());

        assertThat(result.passed()).as(result instanceof SimulationResult.Failed failed ? failed.report() : "").isTrue();
        assertThat(result.stats().answersNotAgreed()).isPositive();
        assertThat(result.stats().clientRetries()).isEqualTo(result.stats().answersNotAgreed());
        assertThat(result.stats().answers()).isEqualTo(60 + result.stats().clientRetries());
    }

    @Test
    void shouldDeduplicateRetriesOrderedAgainUnderHeavyLossWhenTheSequencerForgetsAtOnce() {
        ClusterShape shape = new ClusterShape(3, FailureMode.CRASH);
        ProtocolTuning defaults = ProtocolTuning.defaults();
        ProtocolTuning forgetful = new ProtocolTuning(
                defaults.frontEndConfig(),
                defaults.sequencerConfig().withRecentRequestsMax(1),
                defaults.replicaConfig(),
                defaults.tickIntervalNsMin(),
                defaults.tickIntervalNsMax(),
                defaults.recoveryConfig(),
                defaults.managerConfig());
        FaultPlan plan = FaultPlan.healingAt(4 * SECOND_NS, List.of(new FaultPlan.ScheduledFault(
                0, new Fault.ChangeWeather(new dsms.simulation.network.NetworkFaults(0.3, 0.05, 20_000, 2_000_000, 0)))));
        // Whether a retry is ordered again after its first ordering was executed depends on which
        // datagrams the weather drops, so several seeds together must show it, and each must pass.
        long deduplicated = 0;
        for (long seed = 10; seed < 20; seed++) {
            Scenario scenario = Scenario.scripted(seed, shape, Workload.crowded(4, 25), plan).withTuning(forgetful);

            SimulationResult result = SimulationRunner.run(scenario, SimulationOptions.defaults());

            assertThat(result.passed()).as(result instanceof SimulationResult.Failed failed ? failed.report() : "").isTrue();
            // Every retry ordered again is a sequence number beyond the workload's 100 operations.
            assertThat(result.stats().highestSequence()).isGreaterThanOrEqualTo(100);
            deduplicated += result.stats().deduplicatedDeliveries();
        }
        assertThat(deduplicated).isPositive();
    }
}
