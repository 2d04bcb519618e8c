package dsms.protocol.cluster;

import static dsms.protocol.RegisterService.command;
import static dsms.protocol.cluster.InMemoryCluster.MILLISECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.RegisterService;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.sequencer.SequencerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ClusterTest {
    private static final long CLIENT = 7;

    private static RequestId request(long counter) {
        return new RequestId(CLIENT, counter);
    }

    private static List<Integer> allReplicas(InMemoryCluster cluster) {
        return IntStream.range(0, cluster.shape().replicaCount()).boxed().toList();
    }

    @ParameterizedTest(name = "{0} replicas, {1} mode")
    @CsvSource({"3, CRASH", "3, BYZANTINE", "4, CRASH", "4, BYZANTINE"})
    void shouldCarryRequestsFromFrontEndThroughSequencerAndReplicasBack(int replicaCount, FailureMode mode) {
        InMemoryCluster cluster = InMemoryCluster.lossless(new ClusterShape(replicaCount, mode));
        for (long counter = 1; counter <= 20; counter++) {
            assertThat(cluster.submit(request(counter), command("c" + counter))).isEqualTo(SubmitResult.ACCEPTED);
        }
        cluster.runUntil(cluster::isIdle, 100 * MILLISECOND_NS);

        assertThat(cluster.outcomes().values())
                .allSatisfy(outcomes -> assertThat(outcomes.get(0).status()).isEqualTo(RequestOutcome.Status.AGREED));
        RequestOutcome first = cluster.outcomes().get(request(1)).get(0);
        assertThat(new String(first.result())).startsWith("#1 c1 @");
        ClusterChecks.assertOneTotalOrder(cluster, allReplicas(cluster));
        ClusterChecks.assertExactlyOnce(cluster, allReplicas(cluster));
        ClusterChecks.assertAnswersMatchExecution(cluster, 0);
        ClusterChecks.assertSameState(cluster, allReplicas(cluster));
        assertThat(cluster.replica(replicaCount - 1).service().commands()).hasSize(20);

        cluster.runFor(5_000 * MILLISECOND_NS);
        assertThat(cluster.sequencer().bufferedEntries()).isZero();
        assertThat(cluster.frontEnd().answeredRequestsCollecting()).isZero();
        assertThat(cluster.managerMessages()).noneMatch(CrashSuspicion.class::isInstance);
    }

    @Test
    void shouldSurviveLostDuplicatedAndReorderedMessagesOnEveryLink() {
        int retriesTotal = 0;
        for (long seed = 1; seed <= 40; seed++) {
            int replicaCount = seed % 2 == 0 ? 3 : 4;
            FailureMode mode = seed % 4 < 2 ? FailureMode.CRASH : FailureMode.BYZANTINE;
            String context = "seed " + seed + ", " + replicaCount + " replicas, " + mode;
            InMemoryCluster cluster = new InMemoryCluster(
                    new ClusterShape(replicaCount, mode),
                    Links.lossy(seed, 0.1, 0.05, 5 * MILLISECOND_NS),
                    MILLISECOND_NS,
                    FrontEndConfig.defaults(),
                    SequencerConfig.defaults().withBatchEntriesMax(4),
                    ReplicaConfig.defaults().withResultChunkBytesMax(8),
                    index -> new RegisterService());
            Map<RequestId, byte[]> commands = new LinkedHashMap<>();
            for (long counter = 1; counter <= 40; counter++) {
                commands.put(request(counter), command("c" + counter));
                cluster.submit(request(counter), commands.get(request(counter)));
                cluster.runFor(2 * MILLISECOND_NS);
            }
            cluster.runUntil(cluster::isIdle, 20_000 * MILLISECOND_NS);
            // A client retries a system error with the same request ID; it is never executed twice.
            for (int round = 0; round < 5; round++) {
                int retries = cluster.retryUnagreedRequests(commands);
                retriesTotal += retries;
                cluster.runUntil(cluster::isIdle, 20_000 * MILLISECOND_NS);
            }
            cluster.runFor(2_000 * MILLISECOND_NS);

            ClusterChecks.assertOneTotalOrder(cluster, allReplicas(cluster));
            ClusterChecks.assertExactlyOnce(cluster, allReplicas(cluster));
            ClusterChecks.assertAnswersMatchExecution(cluster, 0);
            ClusterChecks.assertSameState(cluster, allReplicas(cluster));
            assertThat(cluster.replica(0).service().commands()).as(context).hasSize(40);
            assertThat(cluster.outcomes().values())
                    .as(context)
                    .allSatisfy(outcomes -> assertThat(outcomes.get(outcomes.size() - 1).status())
                            .isEqualTo(RequestOutcome.Status.AGREED));
        }
        // The loss rate is high enough that some requests need a client retry: that path is covered.
        assertThat(retriesTotal).isPositive();
    }

    @Test
    void shouldKeepAnsweringAndReportTheCrashWhenAReplicaDiesMidRequest() {
        InMemoryCluster cluster = new InMemoryCluster(
                new ClusterShape(3, FailureMode.CRASH),
                Links.lossless(MILLISECOND_NS),
                MILLISECOND_NS,
                FrontEndConfig.defaults(),
                SequencerConfig.defaults().withRetransmissionEntriesMax(4),
                ReplicaConfig.defaults(),
                index -> new RegisterService());
        cluster.submit(request(1), command("addShare"));
        cluster.runUntil(cluster::isIdle, 100 * MILLISECOND_NS);
        // Replica B dies after the sequencer sent the next request, before it could answer.
        cluster.submit(request(2), command("removeShare"));
        cluster.runFor(2 * MILLISECOND_NS);
        cluster.crash(1);
        for (long counter = 3; counter <= 12; counter++) {
            cluster.submit(request(counter), command("c" + counter));
            cluster.runFor(5 * MILLISECOND_NS);
        }
        cluster.runUntil(cluster::isIdle, 1_000 * MILLISECOND_NS);
        cluster.runFor(2_000 * MILLISECOND_NS);

        assertThat(cluster.outcomes().values())
                .allSatisfy(outcomes -> assertThat(outcomes.get(0).status()).isEqualTo(RequestOutcome.Status.AGREED));
        ClusterChecks.assertAnswersMatchExecution(cluster, 0);
        ClusterChecks.assertSameState(cluster, List.of(0, 2));
        assertThat(cluster.managerMessages())
                .filteredOn(CrashSuspicion.class::isInstance)
                .extracting(message -> ((CrashSuspicion) message).replicaIndex())
                .containsOnly(1)
                .hasSize(3);
        // The sequencer forgot entries B never acknowledged instead of refusing requests: B will
        // catch up by state transfer.
        assertThat(cluster.sequencer().stats().requestsRefusedBusy()).isZero();
        assertThat(cluster.sequencer().replicasBehindBuffer()).containsExactly(1);
    }

    @Test
    void shouldPushBackWithBusyDuringABurstAndStillAnswerEveryRequest() {
        InMemoryCluster cluster = new InMemoryCluster(
                new ClusterShape(3, FailureMode.BYZANTINE),
                Links.lossless(MILLISECOND_NS),
                MILLISECOND_NS,
                FrontEndConfig.defaults(),
                SequencerConfig.defaults().withRetransmissionEntriesMax(4),
                ReplicaConfig.defaults(),
                index -> new RegisterService());
        for (long counter = 1; counter <= 12; counter++) {
            cluster.submit(request(counter), command("c" + counter));
        }
        cluster.runUntil(cluster::isIdle, 2_000 * MILLISECOND_NS);

        assertThat(cluster.sequencer().stats().requestsRefusedBusy()).isPositive();
        assertThat(cluster.sequencer().stats().entriesDroppedUnreplicated()).isZero();
        assertThat(cluster.outcomes().values())
                .allSatisfy(outcomes -> assertThat(outcomes.get(0).status()).isEqualTo(RequestOutcome.Status.AGREED));
        ClusterChecks.assertOneTotalOrder(cluster, allReplicas(cluster));
        ClusterChecks.assertExactlyOnce(cluster, allReplicas(cluster));
        assertThat(cluster.replica(0).service().commands()).hasSize(12);
    }

    @ParameterizedTest(name = "{0} replicas")
    @CsvSource({"3", "4"})
    void shouldOutvoteAReplicaThatReturnsWrongResultsAndReportIt(int replicaCount) {
        int wrongReplica = 2;
        InMemoryCluster cluster = new InMemoryCluster(
                new ClusterShape(replicaCount, FailureMode.BYZANTINE),
                Links.lossless(MILLISECOND_NS),
                MILLISECOND_NS,
                FrontEndConfig.defaults(),
                SequencerConfig.defaults(),
                ReplicaConfig.defaults(),
                index -> new RegisterService(
                        index == wrongReplica ? RegisterService.Behaviour.WRONG_RESULTS : RegisterService.Behaviour.CORRECT));
        for (long counter = 1; counter <= 3; counter++) {
            cluster.submit(request(counter), command("c" + counter));
        }
        cluster.runUntil(cluster::isIdle, 100 * MILLISECOND_NS);
        cluster.runFor(100 * MILLISECOND_NS);

        ClusterChecks.assertAnswersMatchExecution(cluster, 0);
        assertThat(cluster.outcomes().values())
                .allSatisfy(outcomes -> assertThat(outcomes.get(0).status()).isEqualTo(RequestOutcome.Status.AGREED));
        List<ResultVerdict> verdicts = cluster.managerMessages().stream()
                .filter(ResultVerdict.class::isInstance)
                .map(ResultVerdict.class::cast)
                .toList();
        assertThat(verdicts).hasSize(3 * replicaCount * replicaCount);
        assertThat(verdicts)
                .filteredOn(verdict -> verdict.replicaIndex() == wrongReplica)
                .extracting(ResultVerdict::verdict)
                .containsOnly(ResultVerdict.Verdict.WRONG);
        assertThat(verdicts)
                .filteredOn(verdict -> verdict.replicaIndex() != wrongReplica)
                .extracting(ResultVerdict::verdict)
                .containsOnly(ResultVerdict.Verdict.CORRECT);
    }

    @ParameterizedTest(name = "sequencer remembers {0} request IDs")
    @CsvSource({"65536", "1"})
    void shouldAnswerARetriedRequestWithItsFirstResultWithoutExecutingItAgain(int recentRequestsMax) {
        InMemoryCluster cluster = new InMemoryCluster(
                new ClusterShape(3, FailureMode.BYZANTINE),
                Links.lossless(MILLISECOND_NS),
                MILLISECOND_NS,
                FrontEndConfig.defaults(),
                SequencerConfig.defaults().withRecentRequestsMax(recentRequestsMax),
                ReplicaConfig.defaults(),
                index -> new RegisterService());
        cluster.submit(request(1), command("purchaseShare"));
        cluster.submit(request(2), command("other"));
        cluster.runUntil(cluster::isIdle, 100 * MILLISECOND_NS);
        cluster.runFor(1_000 * MILLISECOND_NS);

        cluster.submit(request(1), command("purchaseShare"));
        cluster.runUntil(cluster::isIdle, 2_000 * MILLISECOND_NS);

        List<RequestOutcome> outcomes = cluster.outcomes().get(request(1));
        assertThat(outcomes).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.AGREED));
        assertThat(outcomes.get(1).result()).isEqualTo(outcomes.get(0).result());
        assertThat(outcomes.get(1).sequence()).isEqualTo(outcomes.get(0).sequence());
        assertThat(cluster.replica(0).service().commands()).containsExactly("purchaseShare", "other");
        ClusterChecks.assertExactlyOnce(cluster, allReplicas(cluster));
        // Remembered, the request is acknowledged with its old number; forgotten, it is ordered
        // again and the replicas answer it from their exactly-once table.
        assertThat(cluster.replica(0).lastDeliveredSequence()).isEqualTo(recentRequestsMax == 1 ? 3 : 2);
    }

    @Test
    void shouldCatchUpAReplicaCutOffFromEveryoneForAWhile() {
        InMemoryCluster cluster = InMemoryCluster.lossless(new ClusterShape(3, FailureMode.CRASH));
        cluster.isolate(2);
        for (long counter = 1; counter <= 30; counter++) {
            cluster.submit(request(counter), command("c" + counter));
            cluster.runFor(MILLISECOND_NS);
        }
        cluster.runUntil(cluster::isIdle, 1_000 * MILLISECOND_NS);
        assertThat(cluster.replica(2).lastDeliveredSequence()).isZero();

        cluster.heal(2);
        cluster.runFor(1_000 * MILLISECOND_NS);

        assertThat(cluster.replica(2).lastDeliveredSequence()).isEqualTo(30);
        ClusterChecks.assertOneTotalOrder(cluster, allReplicas(cluster));
        ClusterChecks.assertSameState(cluster, allReplicas(cluster));
        assertThat(cluster.sequencer().bufferedEntries()).isZero();
    }
}
