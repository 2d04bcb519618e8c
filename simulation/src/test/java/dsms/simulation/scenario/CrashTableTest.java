package dsms.simulation.scenario;

import static dsms.simulation.scenario.ScriptedCluster.SECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.Market;
import dsms.market.ShareType;
import dsms.market.command.AddShare;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import dsms.market.result.ResultData.SharePurchased;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.cluster.NodeStatus;
import dsms.simulation.fault.CrashPoint;
import dsms.simulation.fault.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The protocol-level part of the crash table (seeds/000_*, Crash-01..05): a replica is killed at
 * the moment the table names, the client still gets the right answer, the front end suspects the
 * dead replica, and the remaining replicas stay consistent. Restarts belong to the replica
 * managers and are not simulated yet: the dead replica stays down.
 *
 * <p>Every scenario runs with 3 and 4 replicas, in crash mode (first result wins) and byzantine
 * mode (f+1 identical results needed, so the survivors must agree).
 */
class CrashTableTest {
    private static final String NYK_ADMIN = "NYKA0001";
    private static final String TOK_ADMIN = "TOKA0001";
    private static final String NYK_BUYER = "NYKB0001";
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void crash01_shouldAnswerAddShareWhenReplicaBIsKilledBeforeResponding(int replicaCount, FailureMode mode) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, mode);
        RequestId addShare = run.nextRequestId();
        run.apply(new Fault.ArmCrash(new CrashPoint.BeforeDelivering(B, addShare)));

        RequestOutcome outcome = run.answer(run.submit(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500)));

        assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.AGREED);
        assertThat(ScriptedCluster.decode(outcome).code()).isEqualTo(ResultCode.OK);
        assertThat(run.cluster().status(NodeId.replica(B))).isEqualTo(NodeStatus.CRASHED);
        assertThat(run.cluster().replica(B).lastDeliveredSequence()).isZero();
        run.settle(2 * SECOND_NS);
        assertThat(run.suspectedReplicas()).containsExactly(B);
        run.assertConsistent();
        assertThat(run.cluster().market(A).market().shareCount()).isEqualTo(1);
        assertThat(run.cluster().market(C).market().shareCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void crash02_shouldRemoveTheShareOnTheOthersWhenReplicaAIsTerminatedMidExecution(int replicaCount, FailureMode mode) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, mode);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500));
        RequestId removeShare = run.nextRequestId();
        run.apply(new Fault.ArmCrash(new CrashPoint.AfterExecuting(A, removeShare)));

        RequestOutcome outcome = run.answer(run.submit(new RemoveShare(NYK_ADMIN, "NYKM100224", "EQUITY")));

        assertThat(ScriptedCluster.decode(outcome).code()).isEqualTo(ResultCode.OK);
        // A executed the removal, then died before its result left: nobody heard from it.
        assertThat(run.cluster().replica(A).lastDeliveredSequence()).isEqualTo(2);
        assertThat(run.cluster().status(NodeId.replica(A))).isEqualTo(NodeStatus.CRASHED);
        run.settle(2 * SECOND_NS);
        assertThat(run.suspectedReplicas()).containsExactly(A);
        run.assertConsistent();
        assertThat(run.cluster().market(B).market().shareCount()).isZero();
        assertThat(run.cluster().market(C).market().shareCount()).isZero();
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void crash03_shouldIgnoreThePartialResultOfReplicaCKilledMidFlight(int replicaCount, FailureMode mode) {
        // Results travel in 16-byte chunks, so C's purchase result is several datagrams.
        ClusterShape shape = new ClusterShape(replicaCount, mode);
        ClusterSetup setup = ClusterSetup.defaults(shape)
                .withReplicaConfig(ClusterSetup.defaults(shape).replicaConfig().withResultChunkBytesMax(16));
        ScriptedCluster run = new ScriptedCluster(setup, 3);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500));
        RequestId purchase = run.nextRequestId();
        run.apply(new Fault.ArmCrash(new CrashPoint.AfterFirstResultChunk(C, purchase)));

        RequestOutcome outcome = run.answer(run.submit(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 10)));

        assertThat(ScriptedCluster.decode(outcome).data())
                .isEqualTo(new SharePurchased("NYKM100224", ShareType.EQUITY, 10, 10));
        assertThat(run.trace()).anyMatch(line -> line.contains("RC       send    -> FE0 [ReplicaResult " + purchase + " #2 chunk 0/"));
        assertThat(run.trace()).noneMatch(line -> line.contains("RC       send    -> FE0 [ReplicaResult " + purchase + " #2 chunk 1/"));
        run.settle(2 * SECOND_NS);
        assertThat(run.suspectedReplicas()).containsExactly(C);
        assertThat(run.cluster().frontEnd().stats().invalidResults()).isZero();
        run.assertConsistent();
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void crash04_shouldSwapWhenReplicaBIsKilledBeforeAnyResponse(int replicaCount, FailureMode mode) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, mode);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500));
        run.execute(new AddShare(TOK_ADMIN, "TOKE120224", "BONUS", 500));
        run.execute(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 30));
        RequestId swap = run.nextRequestId();
        run.apply(new Fault.ArmCrash(new CrashPoint.BeforeDelivering(B, swap)));

        RequestOutcome outcome = run.answer(run.submit(new SwapShares(NYK_BUYER, "NYKM100224", "EQUITY", "TOKE120224", "BONUS")));

        assertThat(ScriptedCluster.decode(outcome).code()).isEqualTo(ResultCode.OK);
        assertThat(run.cluster().replica(B).lastDeliveredSequence()).isEqualTo(3);
        Result holdings = run.execute(new GetShares(NYK_BUYER));
        assertThat(((HoldingList) holdings.data()).holdings())
                .containsExactly(new Holding(Market.TOK, "TOKE120224", ShareType.BONUS, 30));
        run.settle(2 * SECOND_NS);
        assertThat(run.suspectedReplicas()).containsExactly(B);
        run.assertConsistent();
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void crash05_shouldConcludeTheSaleWhenReplicaAIsKilledMidSellShare(int replicaCount, FailureMode mode) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, mode);
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500));
        run.execute(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 40));
        RequestId sale = run.nextRequestId();
        run.apply(new Fault.ArmCrash(new CrashPoint.AfterExecuting(A, sale)));

        RequestOutcome outcome = run.answer(run.submit(new SellShare(NYK_BUYER, "NYKM100224", 15, "EQUITY")));

        assertThat(ScriptedCluster.decode(outcome).code()).isEqualTo(ResultCode.OK);
        Result listing = run.execute(new ListShareAvailability(NYK_BUYER, "EQUITY"));
        // Capacity 500, 40 bought, 15 sold back: 475 remain on the replicas that performed the sale.
        assertThat(((ShareAvailabilityList) listing.data()).shares())
                .containsExactly(new ShareAvailability(Market.NYK, "NYKM100224", ShareType.EQUITY, 500, 475));
        run.settle(2 * SECOND_NS);
        assertThat(run.suspectedReplicas()).containsExactly(A);
        run.assertConsistent();
    }
}
