package dsms.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.command.AddShare;
import dsms.market.command.GetShares;
import dsms.market.command.PurchaseShare;
import dsms.market.command.SellShare;
import dsms.protocol.FailureMode;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.ResultVerdict;
import dsms.simulation.fault.Corruption;
import dsms.simulation.fault.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A replica that returns wrong results (a software fault) in byzantine mode: its results never
 * reach a client, the front end reports every wrong one, and without a quorum the client gets a
 * clear system error, never a guess.
 */
class ByzantineReplicaTest {
    private static final String NYK_ADMIN = "NYKA0001";
    private static final String NYK_BUYER = "NYKB0001";
    private static final int WRONG = 2;

    @ParameterizedTest(name = "{0} replicas, {1}")
    @CsvSource({"3, EVERY_RESULT", "3, SOME_RESULTS", "4, EVERY_RESULT", "4, SOME_RESULTS"})
    void shouldNeverLetAWrongResultReachAClient(int replicaCount, Corruption corruption) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, FailureMode.BYZANTINE);
        run.apply(new Fault.ReturnWrongResults(WRONG, corruption));

        // Every answer is checked against the reference market as it arrives.
        run.execute(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500));
        for (int round = 0; round < 10; round++) {
            run.execute(new PurchaseShare(NYK_BUYER, "NYKM100224", "EQUITY", 5));
            run.execute(new SellShare(NYK_BUYER, "NYKM100224", 2, "EQUITY"));
            run.execute(new GetShares(NYK_BUYER));
        }
        run.settle(ScriptedCluster.SECOND_NS);

        long corrupted = run.cluster().replica(WRONG).service().resultsCorrupted();
        assertThat(corrupted).isPositive();
        assertThat(run.verdictsAbout(WRONG)).filteredOn(verdict -> verdict == ResultVerdict.Verdict.WRONG).hasSize((int) corrupted);
        for (int replica = 0; replica < replicaCount; replica++) {
            if (replica != WRONG) {
                assertThat(run.verdictsAbout(replica)).hasSize(31).containsOnly(ResultVerdict.Verdict.CORRECT);
            }
        }
        run.assertConsistent();
    }

    @ParameterizedTest(name = "{0} replicas")
    @CsvSource({"3", "4"})
    void shouldAnswerNoQuorumRatherThanGuessWhenAWrongReplicaAndACrashMeetBeyondTheFaultModel(int replicaCount) {
        ScriptedCluster run = ScriptedCluster.of(replicaCount, FailureMode.BYZANTINE);
        run.apply(new Fault.ReturnWrongResults(WRONG, Corruption.EVERY_RESULT));
        run.apply(new Fault.CrashReplica(0));
        if (replicaCount == 4) {
            run.apply(new Fault.CrashReplica(3));
        }

        RequestOutcome outcome = run.answer(run.submit(new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 500)));

        // One correct result against one wrong one: no f+1 agree, so no answer is given as agreed.
        assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.NO_QUORUM);
    }
}
