package dsms.protocol.cluster;

import static dsms.protocol.RegisterService.MARK;
import static dsms.protocol.RegisterService.command;
import static dsms.protocol.cluster.InMemoryCluster.MILLISECOND_NS;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.ClusterShape;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.ManagerAction;
import dsms.protocol.RegisterService;
import dsms.protocol.RequestOutcome;
import dsms.protocol.manager.ReplicaManagerConfig;
import dsms.protocol.manager.SuspicionOutcome;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import dsms.protocol.replica.RecoveryConfig;
import dsms.protocol.sequencer.SequencerConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * End-to-end scenarios of recovery: replica managers confirming crashes and counting wrong
 * results, restarts from a replica's own disk, replacements that take their state from peers, and
 * catching up after the sequencer forgot entries.
 */
class RecoveryClusterTest {
    private static final long CLIENT = 9;
    private static final int CHECKPOINT_INTERVAL = 4;
    private static final int CORRUPT_REPLICA = 2;
    /** Seeds of the lossy scenario; set the system property {@code dsms.recovery.seeds} to run more. */
    private static final int SEEDS = Integer.getInteger("dsms.recovery.seeds", 40);

    private long nextCounter = 1;

    private static RequestId request(long counter) {
        return new RequestId(CLIENT, counter);
    }

    private static RecoveryConfig recovery() {
        return RecoveryConfig.defaults().withCheckpointIntervalEntries(CHECKPOINT_INTERVAL);
    }

    /** A cluster with managers whose replica C corrupts its state on marked commands, until replaced. */
    private static InMemoryCluster byzantineClusterWithCorruptReplica() {
        return InMemoryCluster.builder(new ClusterShape(3, FailureMode.BYZANTINE))
                .recoveryConfig(recovery())
                .managers(ReplicaManagerConfig.defaults())
                .services((replica, incarnation) -> new RegisterService(
                        replica == CORRUPT_REPLICA && incarnation == 0
                                ? RegisterService.Behaviour.CORRUPT_ON_MARKED
                                : RegisterService.Behaviour.CORRECT))
                .build();
    }

    /** Submits one request and lets it finish, verdicts included. */
    private void submitAndSettle(InMemoryCluster cluster, String text) {
        cluster.submit(request(nextCounter++), command(text));
        cluster.runUntil(cluster::isIdle, 5_000 * MILLISECOND_NS);
        cluster.runFor(20 * MILLISECOND_NS);
    }

    private static List<Integer> allReplicas(InMemoryCluster cluster) {
        return IntStream.range(0, cluster.shape().replicaCount()).boxed().toList();
    }

    private static boolean allDelivered(InMemoryCluster cluster, long sequence) {
        return allReplicas(cluster).stream().allMatch(replica -> cluster.replica(replica).lastDeliveredSequence() == sequence);
    }

    private static void assertIdenticalReplicas(InMemoryCluster cluster) {
        Checkpoint reference = cluster.replica(0).latestCheckpoint();
        for (int replica : allReplicas(cluster)) {
            assertThat(cluster.replica(replica).status()).as("replica %d", replica).isEqualTo(ReplicaStatus.LIVE);
            assertThat(cluster.replica(replica).lastDeliveredSequence())
                    .as("replica %d", replica)
                    .isEqualTo(cluster.replica(0).lastDeliveredSequence());
            assertThat(cluster.replica(replica).latestCheckpoint().sequence()).isEqualTo(reference.sequence());
            assertThat(cluster.replica(replica).latestCheckpoint().digest())
                    .as("checkpoint digest of replica %d at %d", replica, reference.sequence())
                    .isEqualTo(reference.digest());
        }
        ClusterChecks.assertSameState(cluster, allReplicas(cluster));
    }

    @Test
    void shouldNotReplaceReplicaWrongOnTwoRequestsThenRight() {
        InMemoryCluster cluster = byzantineClusterWithCorruptReplica();

        for (String text : List.of(MARK + "1", MARK + "2", "ok3", MARK + "4", MARK + "5", "ok6")) {
            submitAndSettle(cluster, text);
        }
        cluster.runFor(2_000 * MILLISECOND_NS);

        assertThat(cluster.actionsTaken()).isEmpty();
        assertThat(cluster.manager(CORRUPT_REPLICA).replacements()).isZero();
        assertThat(cluster.manager(CORRUPT_REPLICA).stats().wrongResultsCounted()).isEqualTo(4);
        assertThat(cluster.manager(CORRUPT_REPLICA).wrongResultStreak()).isZero();
        assertThat(cluster.outcomes().values())
                .allSatisfy(outcomes -> assertThat(outcomes.get(0).status()).isEqualTo(RequestOutcome.Status.AGREED));
    }

    @Test
    void shouldReplaceReplicaExactlyOnceAfterThreeConsecutiveWrongResults() {
        InMemoryCluster cluster = byzantineClusterWithCorruptReplica();
        // Six wrong results in flight at once: the verdicts after the third are about the replaced
        // replica and must not replace its successor.
        for (int marked = 1; marked <= 6; marked++) {
            cluster.submit(request(nextCounter++), command(MARK + marked));
        }
        cluster.runUntil(cluster::isIdle, 5_000 * MILLISECOND_NS);
        cluster.runUntil(() -> cluster.incarnationOf(CORRUPT_REPLICA) == 1
                && !cluster.manager(CORRUPT_REPLICA).isAwaitingReplacedReplica(), 5_000 * MILLISECOND_NS);
        assertThat(cluster.replica(CORRUPT_REPLICA).status()).isEqualTo(ReplicaStatus.LIVE);
        for (int correct = 7; correct <= 12; correct++) {
            submitAndSettle(cluster, "ok" + correct);
        }
        cluster.runFor(15_000 * MILLISECOND_NS);

        assertThat(cluster.actionsTaken())
                .containsExactly(new ManagerAction(NodeId.replica(CORRUPT_REPLICA), ManagerAction.Kind.REPLACE));
        assertThat(cluster.manager(CORRUPT_REPLICA).replacements()).isEqualTo(1);
        assertThat(cluster.manager(CORRUPT_REPLICA).stats().verdictsStale()).isEqualTo(3);
        assertThat(cluster.manager(CORRUPT_REPLICA).restarts()).isZero();
        assertThat(cluster.incarnationOf(CORRUPT_REPLICA)).isEqualTo(1);
        assertIdenticalReplicas(cluster);
    }

    @Test
    void shouldMakeReplacedReplicaIdenticalToOthers() {
        InMemoryCluster cluster = byzantineClusterWithCorruptReplica();
        for (int correct = 1; correct <= 10; correct++) {
            submitAndSettle(cluster, "ok" + correct);
        }
        for (int marked = 11; marked <= 13; marked++) {
            submitAndSettle(cluster, MARK + marked);
        }
        cluster.runUntil(() -> cluster.incarnationOf(CORRUPT_REPLICA) == 1
                && cluster.replica(CORRUPT_REPLICA).status() == ReplicaStatus.LIVE, 5_000 * MILLISECOND_NS);
        for (int correct = 14; correct <= 20; correct++) {
            submitAndSettle(cluster, "ok" + correct);
        }
        cluster.runUntil(() -> allDelivered(cluster, 20), 5_000 * MILLISECOND_NS);

        assertIdenticalReplicas(cluster);
        assertThat(cluster.replica(CORRUPT_REPLICA).latestCheckpoint().sequence()).isEqualTo(20);
        assertThat(cluster.replica(CORRUPT_REPLICA).recoveryStats().checkpointsInstalled()).isEqualTo(1);
        assertThat(cluster.replica(CORRUPT_REPLICA).service().commands())
                .isEqualTo(cluster.replica(0).service().commands())
                .noneMatch(text -> text.startsWith("corrupted"));
        // The corrupt replica's checkpoint at 12 differed from the others', and they saw it.
        assertThat(cluster.replica(0).recoveryStats().checkpointDigestsDiverged()).isPositive();
        CheckpointEvent installed = cluster.checkpointEventsOf(CORRUPT_REPLICA).stream()
                .filter(event -> event.kind() == CheckpointEvent.Kind.INSTALLED)
                .findFirst()
                .orElseThrow();
        assertThat(installed.checkpoint().digest())
                .isEqualTo(checkpointOf(cluster, 0, installed.checkpoint().sequence()).digest());
    }

    /** The checkpoint the replica reported taking at {@code sequence}. */
    private static Checkpoint checkpointOf(InMemoryCluster cluster, int replica, long sequence) {
        return cluster.checkpointEventsOf(replica).stream()
                .map(CheckpointEvent::checkpoint)
                .filter(checkpoint -> checkpoint.sequence() == sequence)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldRestartReplicaWhenMajorityOfManagersCannotReachIt() {
        InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(3, FailureMode.CRASH))
                .recoveryConfig(recovery())
                .managers(ReplicaManagerConfig.defaults())
                .build();
        // The managers give their replicas time to start before judging them crashed.
        cluster.runFor(ReplicaManagerConfig.defaults().actionCooldownNs());
        for (int counter = 1; counter <= 5; counter++) {
            submitAndSettle(cluster, "c" + counter);
        }
        cluster.crash(1);
        for (int counter = 6; counter <= 10; counter++) {
            submitAndSettle(cluster, "c" + counter);
        }
        cluster.runUntil(() -> !cluster.actionsTaken().isEmpty(), 5_000 * MILLISECOND_NS);
        cluster.runUntil(() -> allDelivered(cluster, 10), 5_000 * MILLISECOND_NS);
        for (int counter = 11; counter <= 12; counter++) {
            submitAndSettle(cluster, "c" + counter);
        }
        cluster.runFor(20_000 * MILLISECOND_NS);

        assertThat(cluster.actionsTaken())
                .containsExactly(new ManagerAction(NodeId.replica(1), ManagerAction.Kind.RESTART));
        assertThat(cluster.manager(1).restarts()).isEqualTo(1);
        assertThat(cluster.manager(1).lastRoundOutcome()).contains(SuspicionOutcome.CONFIRMED_CRASH);
        // The restarted replica recovered its own checkpoint at 4 and replayed entry 5 from its log.
        assertThat(cluster.replica(1).recoveryStats().entriesReplayed()).isEqualTo(1);
        assertThat(cluster.replica(1).recoveryStats().checkpointsInstalled()).isZero();
        assertIdenticalReplicas(cluster);
    }

    @Test
    void shouldNotRestartSlowButAliveReplica() {
        int slowReplica = 1;
        Links slowResults = (from, to) -> from.equals(NodeId.replica(slowReplica)) && to.role() == NodeId.Role.FRONT_END
                ? List.of(2_000 * MILLISECOND_NS)
                : List.of(MILLISECOND_NS);
        InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(3, FailureMode.CRASH))
                .links(slowResults)
                .recoveryConfig(recovery())
                .managers(ReplicaManagerConfig.defaults())
                .build();
        cluster.runFor(ReplicaManagerConfig.defaults().actionCooldownNs());
        for (int counter = 1; counter <= 5; counter++) {
            submitAndSettle(cluster, "c" + counter);
        }
        cluster.runFor(5_000 * MILLISECOND_NS);

        assertThat(cluster.managerMessages())
                .filteredOn(CrashSuspicion.class::isInstance)
                .extracting(message -> ((CrashSuspicion) message).replicaIndex())
                .contains(slowReplica);
        assertThat(cluster.actionsTaken()).isEmpty();
        assertThat(cluster.manager(slowReplica).lastRoundOutcome()).contains(SuspicionOutcome.ALIVE);
        assertThat(cluster.manager(slowReplica).stats().roundsConfirmedCrash()).isZero();
        assertThat(cluster.incarnationOf(slowReplica)).isZero();
    }

    @Test
    void shouldTransferLargeStateInBoundedChunks() {
        int chunkBytes = 1_000;
        int window = 4;
        InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(3, FailureMode.CRASH))
                .links(Links.lossy(17, 0.05, 0.02, 3 * MILLISECOND_NS))
                .recoveryConfig(RecoveryConfig.defaults()
                        .withCheckpointIntervalEntries(50)
                        .withCheckpointChunkBytes(chunkBytes)
                        .withChunkRequestsInFlightMax(window))
                .build();
        String padding = "x".repeat(400);
        for (int counter = 1; counter <= 100; counter++) {
            cluster.submit(request(nextCounter++), command("c" + counter + padding));
            cluster.runFor(MILLISECOND_NS);
        }
        cluster.runUntil(() -> allDelivered(cluster, 100), 20_000 * MILLISECOND_NS);
        int checkpointBytes = cluster.replica(0).latestCheckpoint().lengthBytes();

        cluster.replaceWithEmpty(2);
        int[] mostInFlight = {0};
        cluster.runFor(5_000 * MILLISECOND_NS, () -> mostInFlight[0] =
                Math.max(mostInFlight[0], cluster.replica(2).checkpointChunksInFlight()));

        List<CheckpointChunk> chunks = cluster.replicaMessages().stream()
                .filter(envelope -> envelope.to().equals(NodeId.replica(2)))
                .map(Envelope::message)
                .filter(CheckpointChunk.class::isInstance)
                .map(CheckpointChunk.class::cast)
                .toList();
        assertThat(checkpointBytes).isGreaterThan(50 * chunkBytes);
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(checkpointBytes / chunkBytes)
                .allSatisfy(chunk -> assertThat(chunk.chunk().length).isLessThanOrEqualTo(chunkBytes));
        assertThat(mostInFlight[0]).isEqualTo(window);
        assertThat(cluster.replica(2).recoveryStats().checkpointsInstalled()).isEqualTo(1);
        assertThat(cluster.replica(2).recoveryStats().chunkRequestsSent())
                .as("lost chunk requests and chunks were asked for again")
                .isGreaterThan(checkpointBytes / chunkBytes + 1);
        assertIdenticalReplicas(cluster);
    }

    @Test
    void shouldRefuseCheckpointWithoutFPlusOneMatchingDigests() {
        // Replica A diverged; with 3 replicas the replaced C hears two different digests and must
        // not trust either.
        InMemoryCluster cluster = clusterWithDivergentReplicaA(3);
        cluster.replaceWithEmpty(2);
        cluster.runFor(5_000 * MILLISECOND_NS);

        assertThat(cluster.replica(2).status()).isEqualTo(ReplicaStatus.RECOVERING);
        assertThat(cluster.replica(2).lastDeliveredSequence()).isZero();
        assertThat(cluster.replica(2).recoveryStats().checkpointsInstalled()).isZero();
        assertThat(cluster.replica(2).recoveryStats().chunkRequestsSent()).isZero();
        assertThat(cluster.replica(2).recoveryStats().queriesSent()).isPositive();
    }

    @Test
    void shouldInstallTheCheckpointFPlusOnePeersAgreeOnWhenAnotherDiverged() {
        InMemoryCluster cluster = clusterWithDivergentReplicaA(4);
        cluster.replaceWithEmpty(2);
        cluster.runUntil(() -> cluster.replica(2).status() == ReplicaStatus.LIVE, 5_000 * MILLISECOND_NS);

        assertThat(cluster.replica(2).recoveryStats().checkpointsInstalled()).isEqualTo(1);
        assertThat(cluster.replica(2).service().digest()).isEqualTo(cluster.replica(1).service().digest());
        assertThat(cluster.replica(2).service().digest()).isNotEqualTo(cluster.replica(0).service().digest());
    }

    /** Twelve requests, the first three marked: replica A corrupted its state on them. */
    private InMemoryCluster clusterWithDivergentReplicaA(int replicaCount) {
        InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(replicaCount, FailureMode.BYZANTINE))
                .recoveryConfig(recovery())
                .services((replica, incarnation) -> new RegisterService(
                        replica == 0 ? RegisterService.Behaviour.CORRUPT_ON_MARKED : RegisterService.Behaviour.CORRECT))
                .build();
        for (int counter = 1; counter <= 12; counter++) {
            submitAndSettle(cluster, (counter <= 3 ? MARK : "ok") + counter);
        }
        return cluster;
    }

    @Test
    void shouldCatchUpReplicaThatFellBehindSequencerBuffer() {
        InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(3, FailureMode.CRASH))
                .sequencerConfig(SequencerConfig.defaults().withRetransmissionEntriesMax(8))
                .recoveryConfig(recovery())
                .build();
        cluster.isolate(2);
        for (int counter = 1; counter <= 40; counter++) {
            submitAndSettle(cluster, "c" + counter);
        }
        assertThat(cluster.sequencer().replicasBehindBuffer()).containsExactly(2);

        cluster.heal(2);
        cluster.runUntil(() -> allDelivered(cluster, 40), 10_000 * MILLISECOND_NS);
        for (int counter = 41; counter <= 44; counter++) {
            submitAndSettle(cluster, "c" + counter);
        }

        assertThat(cluster.sequencer().entriesForgottenNoticesSent()).isPositive();
        assertThat(cluster.replica(2).recoveryStats().transfersCompleted()).isEqualTo(1);
        assertThat(cluster.replica(2).recoveryStats().checkpointsInstalled()).isEqualTo(1);
        assertThat(cluster.sequencer().replicasBehindBuffer()).isEmpty();
        assertIdenticalReplicas(cluster);
    }

    @Test
    void shouldTakeCheckpointsWithEqualDigestsOnEveryReplicaDespiteLossAndReordering() {
        InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(4, FailureMode.BYZANTINE))
                .links(Links.lossy(5, 0.1, 0.05, 5 * MILLISECOND_NS))
                .recoveryConfig(RecoveryConfig.defaults().withCheckpointIntervalEntries(8))
                .build();
        for (int counter = 1; counter <= 40; counter++) {
            cluster.submit(request(nextCounter++), command("c" + counter));
            cluster.runFor(2 * MILLISECOND_NS);
        }
        cluster.runUntil(() -> allDelivered(cluster, 40), 20_000 * MILLISECOND_NS);
        cluster.runFor(500 * MILLISECOND_NS);

        Map<Long, Checkpoint> reference = new HashMap<>();
        for (CheckpointEvent event : cluster.checkpointEventsOf(0)) {
            reference.put(event.checkpoint().sequence(), event.checkpoint());
        }
        assertThat(reference.keySet()).containsExactlyInAnyOrder(8L, 16L, 24L, 32L, 40L);
        for (int replica : allReplicas(cluster)) {
            assertThat(cluster.checkpointEventsOf(replica))
                    .extracting(event -> event.checkpoint().sequence())
                    .containsExactly(8L, 16L, 24L, 32L, 40L);
            for (CheckpointEvent event : cluster.checkpointEventsOf(replica)) {
                assertThat(event.kind()).isEqualTo(CheckpointEvent.Kind.TAKEN);
                assertThat(event.checkpoint().digest())
                        .as("replica %d at %d", replica, event.checkpoint().sequence())
                        .isEqualTo(reference.get(event.checkpoint().sequence()).digest());
            }
            assertThat(cluster.replica(replica).recoveryStats().checkpointDigestsDiverged()).isZero();
            assertThat(cluster.replica(replica).recoveryStats().checkpointDigestsMatched()).isPositive();
        }
    }

    @Test
    void shouldRestartCrashedAndReplaceCorruptReplicasUnderLossDuplicationAndReordering() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            int replicaCount = seed % 2 == 0 ? 3 : 4;
            FailureMode mode = seed % 4 < 2 ? FailureMode.CRASH : FailureMode.BYZANTINE;
            int faulty = (int) (seed % replicaCount);
            String context = "seed " + seed + ", " + replicaCount + " replicas, " + mode + ", faulty " + faulty;
            InMemoryCluster cluster = InMemoryCluster.builder(new ClusterShape(replicaCount, mode))
                    .links(Links.lossy(seed, 0.05, 0.02, 5 * MILLISECOND_NS))
                    .sequencerConfig(SequencerConfig.defaults().withRetransmissionEntriesMax(16))
                    .recoveryConfig(RecoveryConfig.defaults().withCheckpointIntervalEntries(8))
                    .managers(ReplicaManagerConfig.defaults())
                    .services((replica, incarnation) -> new RegisterService(
                            mode == FailureMode.BYZANTINE && replica == faulty && incarnation == 0
                                    ? RegisterService.Behaviour.CORRUPT_ON_MARKED
                                    : RegisterService.Behaviour.CORRECT))
                    .build();
            Map<RequestId, byte[]> commands = new LinkedHashMap<>();
            for (int counter = 1; counter <= 40; counter++) {
                if (counter == 10 && mode == FailureMode.CRASH) {
                    cluster.crash(faulty);
                }
                // Ten wrong results: verdicts travel once, unacknowledged, and a lost one counts
                // neither way, so three consecutive ones must reach the manager among the ten.
                boolean marked = mode == FailureMode.BYZANTINE && counter >= 10 && counter < 20;
                RequestId requestId = request(nextCounter++);
                commands.put(requestId, command((marked ? MARK : "c") + counter));
                cluster.submit(requestId, commands.get(requestId));
                cluster.runFor(5 * MILLISECOND_NS);
            }
            cluster.runUntil(cluster::isIdle, 30_000 * MILLISECOND_NS);
            for (int round = 0; round < 5; round++) {
                cluster.retryUnagreedRequests(commands);
                cluster.runUntil(cluster::isIdle, 30_000 * MILLISECOND_NS);
            }
            // Verdicts and suspicions leave when the front end stops collecting a request's results.
            cluster.runUntil(() -> cluster.frontEnd().answeredRequestsCollecting() == 0, 30_000 * MILLISECOND_NS);
            cluster.runFor(1_000 * MILLISECOND_NS);
            long last = cluster.sequencer().highestAssignedSequence();
            cluster.runUntil(() -> allDelivered(cluster, last)
                    && allReplicas(cluster).stream().allMatch(replica -> cluster.replica(replica).status() == ReplicaStatus.LIVE),
                    60_000 * MILLISECOND_NS);
            cluster.runFor(1_000 * MILLISECOND_NS);

            ManagerAction.Kind expected = mode == FailureMode.CRASH ? ManagerAction.Kind.RESTART : ManagerAction.Kind.REPLACE;
            // A replica that answers probes is never restarted, so loss alone causes no action.
            assertThat(cluster.actionsTaken()).as(context)
                    .containsExactly(new ManagerAction(NodeId.replica(faulty), expected));
            if (mode == FailureMode.BYZANTINE) {
                assertThat(cluster.manager(faulty).replacements()).as(context).isEqualTo(1);
            }
            // Any replica may have skipped entries by state transfer; the faulty one's executions
            // are no witness.
            List<Integer> witnesses = allReplicas(cluster).stream().filter(replica -> replica != faulty).toList();
            ClusterChecks.assertAnswersMatchExecution(cluster, witnesses);
            assertThat(cluster.outcomes().values()).as(context).allSatisfy(outcomes ->
                    assertThat(outcomes.get(outcomes.size() - 1).status()).isEqualTo(RequestOutcome.Status.AGREED));
            assertIdenticalReplicas(cluster);
        }
    }
}
