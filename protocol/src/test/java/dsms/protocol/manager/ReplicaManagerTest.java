package dsms.protocol.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.ClusterShape;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.ManagerAction;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaManagerTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final NodeId FRONT_END = NodeId.frontEnd(0);
    /**
     * Health probes every hour, so that a replica silent during a test about suspicions or verdicts
     * does not make its manager raise a suspicion of its own; the health tests use the defaults.
     */
    private static final ReplicaManagerConfig CONFIG =
            ReplicaManagerConfig.defaults().withHealthProbeIntervalNs(3_600_000 * MILLISECOND_NS);
    private static final ProbeReport.Finding REACHABLE = ProbeReport.Finding.REACHABLE;
    private static final ProbeReport.Finding UNREACHABLE = ProbeReport.Finding.UNREACHABLE;

    private final RecordingOutbox outbox = new RecordingOutbox();
    private long nowNs = 5_000 * MILLISECOND_NS;

    /** A manager past the start-up time it gives its replica (see the test of that time). */
    private ReplicaManager manager(int index, int replicaCount) {
        return manager(index, replicaCount, CONFIG);
    }

    private ReplicaManager manager(int index, int replicaCount, ReplicaManagerConfig config) {
        ReplicaManager manager =
                new ReplicaManager(NodeId.replicaManager(index), new ClusterShape(replicaCount, FailureMode.BYZANTINE), config);
        manager.onTick(nowNs, outbox);
        tick(manager, config.actionCooldownNs());
        outbox.clear();
        return manager;
    }

    /** A manager that just started, and whose replica answers its health probes. */
    private ReplicaManager startingManager(int index, ReplicaManagerConfig config) {
        ReplicaManager manager =
                new ReplicaManager(NodeId.replicaManager(index), new ClusterShape(3, FailureMode.BYZANTINE), config);
        manager.onTick(nowNs, outbox);
        return manager;
    }

    /** Ticks once per health interval for {@code durationNs}, the replica answering each probe. */
    private void runWithReplicaAnswering(ReplicaManager manager, int replica, long durationNs, ReplicaManagerConfig config) {
        for (long elapsedNs = 0; elapsedNs < durationNs; elapsedNs += config.healthProbeIntervalNs()) {
            tick(manager, config.healthProbeIntervalNs());
            List<Probe> probes = probesTo(replica);
            Probe latest = probes.get(probes.size() - 1);
            manager.onMessage(NodeId.replica(replica), new ProbeReply(latest.nonce(), ReplicaStatus.LIVE, 1), outbox);
        }
    }

    private void tick(ReplicaManager manager, long advanceNs) {
        nowNs += advanceNs;
        manager.onTick(nowNs, outbox);
    }

    private void suspect(ReplicaManager manager, int replica) {
        manager.onMessage(FRONT_END, new CrashSuspicion(replica, 10), outbox);
    }

    private void report(ReplicaManager manager, int fromManager, int replica, ProbeReport.Finding finding) {
        manager.onMessage(NodeId.replicaManager(fromManager), new ProbeReport(replica, finding), outbox);
    }

    private void verdict(ReplicaManager manager, int replica, long sequence, ResultVerdict.Verdict verdict) {
        manager.onMessage(FRONT_END, new ResultVerdict(new RequestId(1, sequence), sequence, replica, verdict), outbox);
    }

    private List<Probe> probesTo(int replica) {
        return outbox.sent().stream()
                .filter(envelope -> envelope.to().equals(NodeId.replica(replica)))
                .map(Envelope::message)
                .filter(Probe.class::isInstance)
                .map(Probe.class::cast)
                .toList();
    }

    private static ManagerAction restart(int replica) {
        return new ManagerAction(NodeId.replica(replica), ManagerAction.Kind.RESTART);
    }

    private static ManagerAction replace(int replica) {
        return new ManagerAction(NodeId.replica(replica), ManagerAction.Kind.REPLACE);
    }

    // Crash suspicions: every manager probes and reports to the suspect's manager.

    @Test
    void shouldProbeTheSuspectAndReportItUnreachableToItsManagerAfterTheProbeTimeout() {
        ReplicaManager managerA = manager(0, 3);

        suspect(managerA, 1);
        assertThat(probesTo(1)).hasSize(1);
        for (int step = 0; step < 10; step++) {
            tick(managerA, CONFIG.probeTimeoutNs() / 10);
        }

        assertThat(probesTo(1))
                .as("probes spread over the timeout, one nonce")
                .hasSize(CONFIG.probesPerSuspicionMax())
                .extracting(Probe::nonce)
                .containsOnly(probesTo(1).get(0).nonce());
        assertThat(outbox.sentOfType(ProbeReport.class)).containsExactly(new ProbeReport(1, UNREACHABLE));
        assertThat(outbox.sent())
                .filteredOn(envelope -> envelope.message() instanceof ProbeReport)
                .extracting(Envelope::to)
                .containsExactly(NodeId.replicaManager(1));
        assertThat(outbox.actions()).isEmpty();
    }

    @Test
    void shouldReportTheSuspectReachableAsSoonAsItAnswersAndIgnoreRepliesToOtherProbes() {
        ReplicaManager managerA = manager(0, 3);
        suspect(managerA, 2);
        long nonce = probesTo(2).get(0).nonce();

        managerA.onMessage(NodeId.replica(2), new ProbeReply(nonce + 100, ReplicaStatus.LIVE, 5), outbox);
        assertThat(outbox.sentOfType(ProbeReport.class)).isEmpty();
        tick(managerA, 800 * MILLISECOND_NS);
        managerA.onMessage(NodeId.replica(2), new ProbeReply(nonce, ReplicaStatus.LIVE, 5), outbox);
        tick(managerA, CONFIG.probeTimeoutNs());

        assertThat(outbox.sentOfType(ProbeReport.class)).containsExactly(new ProbeReport(2, REACHABLE));
    }

    @Test
    void shouldProbeOneSuspectAtMostOncePerIntervalHoweverOftenItIsSuspected() {
        ReplicaManager managerA = manager(0, 3);
        for (int suspicion = 0; suspicion < 20; suspicion++) {
            suspect(managerA, 1);
            tick(managerA, CONFIG.suspicionIntervalNsMin() / 20);
        }
        tick(managerA, CONFIG.probeTimeoutNs());

        assertThat(probesTo(1)).hasSize(CONFIG.probesPerSuspicionMax());
        assertThat(outbox.sentOfType(ProbeReport.class)).hasSize(1);
    }

    @Test
    void shouldRestartReplicaWhenMajorityOfManagersCannotReachIt() {
        ReplicaManager managerB = manager(1, 3);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        assertThat(outbox.actions()).as("one vote of three is no majority").isEmpty();

        tick(managerB, CONFIG.probeTimeoutNs());

        assertThat(outbox.actions()).containsExactly(restart(1));
        assertThat(managerB.restarts()).isEqualTo(1);
        assertThat(managerB.lastRoundOutcome()).contains(SuspicionOutcome.CONFIRMED_CRASH);
        assertThat(outbox.sentOfType(ProbeReport.class)).as("its own finding stays local").isEmpty();
    }

    @Test
    void shouldNotRestartSlowButAliveReplica() {
        ReplicaManager managerB = manager(1, 3);
        suspect(managerB, 1);
        long nonce = probesTo(1).get(0).nonce();
        report(managerB, 0, 1, UNREACHABLE);
        tick(managerB, 900 * MILLISECOND_NS);

        // Slow: it answers just before the probe timeout.
        managerB.onMessage(NodeId.replica(1), new ProbeReply(nonce, ReplicaStatus.LIVE, 7), outbox);
        report(managerB, 2, 1, REACHABLE);
        tick(managerB, 10_000 * MILLISECOND_NS);

        assertThat(outbox.actions()).isEmpty();
        assertThat(managerB.lastRoundOutcome()).contains(SuspicionOutcome.ALIVE);
        assertThat(managerB.restarts()).isZero();
    }

    @Test
    void shouldEndARoundUndecidedWhenTooFewManagersReportBeforeTheDeadline() {
        ReplicaManager managerB = manager(1, 3);
        suspect(managerB, 1);

        tick(managerB, CONFIG.probeTimeoutNs());
        assertThat(managerB.lastRoundOutcome()).isEmpty();
        tick(managerB, CONFIG.suspicionRoundNs());

        assertThat(managerB.lastRoundOutcome()).contains(SuspicionOutcome.UNDECIDED);
        assertThat(outbox.actions()).isEmpty();
        assertThat(managerB.stats().roundsUndecided()).isEqualTo(1);
    }

    @Test
    void shouldCountEachManagerOnceAndNeedThreeOfFourInAFourReplicaCluster() {
        ReplicaManager managerB = manager(1, 4);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        assertThat(outbox.actions()).as("two distinct managers of four").isEmpty();

        report(managerB, 3, 1, UNREACHABLE);

        assertThat(outbox.actions()).containsExactly(restart(1));
    }

    @Test
    void shouldOpenARoundOnAReportWhenTheSuspicionItselfWasLost() {
        ReplicaManager managerB = manager(1, 3);
        report(managerB, 0, 1, UNREACHABLE);
        tick(managerB, MILLISECOND_NS);
        assertThat(probesTo(1)).as("it probes its replica itself").isNotEmpty();

        tick(managerB, CONFIG.probeTimeoutNs());

        assertThat(outbox.actions()).containsExactly(restart(1));
    }

    @Test
    void shouldIgnoreSuspicionsAndFindingsDuringTheCooldownAfterARestart() {
        ReplicaManager managerB = manager(1, 3);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        assertThat(outbox.takeActions()).containsExactly(restart(1));

        tick(managerB, CONFIG.suspicionIntervalNsMin());
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        tick(managerB, CONFIG.probeTimeoutNs());
        assertThat(outbox.takeActions()).isEmpty();

        tick(managerB, CONFIG.actionCooldownNs());
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);

        assertThat(outbox.takeActions()).containsExactly(restart(1));
        assertThat(managerB.restarts()).isEqualTo(2);
        assertThat(managerB.stats().findingsIgnored()).isPositive();
    }

    @Test
    void shouldNotRestartANewReplicaProcessForASuspicionRoundAboutTheOneThatDied() {
        ReplicaManager managerB = manager(1, 3);
        // The process dies on its own; the front end's missing results open a round at once.
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);

        // The driver starts a new process, which cannot answer probes while its JVM starts.
        managerB.replicaProcessStarted();
        report(managerB, 2, 1, UNREACHABLE);
        tick(managerB, CONFIG.probeTimeoutNs());
        tick(managerB, CONFIG.suspicionRoundNs());

        assertThat(outbox.takeActions()).as("the round about the dead process ended with it").isEmpty();
        assertThat(managerB.restarts()).isZero();
    }

    @Test
    void shouldCountTheStartUpGraceFromTheNewProcessNotFromTheDecision() {
        ReplicaManager managerB = manager(1, 3);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        assertThat(outbox.takeActions()).containsExactly(restart(1));

        // Carrying out the restart took most of the cooldown; the new process starts only now.
        tick(managerB, CONFIG.actionCooldownNs() - MILLISECOND_NS);
        managerB.replicaProcessStarted();
        tick(managerB, 2 * MILLISECOND_NS);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        assertThat(outbox.takeActions()).as("the new process is still starting").isEmpty();

        tick(managerB, CONFIG.actionCooldownNs());
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        assertThat(outbox.takeActions()).as("after its grace it is judged like any replica").containsExactly(restart(1));
    }

    @Test
    void shouldIgnoreAProcessStartBeforeTheFirstTick() {
        ReplicaManager fresh =
                new ReplicaManager(NodeId.replicaManager(0), new ClusterShape(3, FailureMode.BYZANTINE), CONFIG);

        fresh.replicaProcessStarted();
        fresh.onTick(nowNs, outbox);

        assertThat(fresh.restarts()).isZero();
    }

    // Wrong results: three consecutive ones replace the replica.

    @Test
    void shouldNotReplaceReplicaWrongOnTwoRequestsThenRight() {
        ReplicaManager managerC = manager(2, 3);
        verdict(managerC, 2, 1, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 2, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 3, ResultVerdict.Verdict.CORRECT);
        verdict(managerC, 2, 4, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 5, ResultVerdict.Verdict.WRONG);

        assertThat(outbox.actions()).isEmpty();
        assertThat(managerC.wrongResultStreak()).isEqualTo(2);
    }

    @Test
    void shouldReplaceReplicaExactlyOnceAfterThreeConsecutiveWrongResults() {
        ReplicaManager managerC = manager(2, 3);
        for (long sequence = 1; sequence <= 6; sequence++) {
            verdict(managerC, 2, sequence, ResultVerdict.Verdict.WRONG);
        }
        tick(managerC, 10 * MILLISECOND_NS);

        assertThat(outbox.actions()).containsExactly(replace(2));
        assertThat(managerC.replacements()).isEqualTo(1);
        assertThat(managerC.stats().verdictsStale()).isEqualTo(3);
        assertThat(managerC.isAwaitingReplacedReplica()).isTrue();
    }

    @Test
    void shouldTreatMissingResultsAsNeitherWrongNorRight() {
        ReplicaManager managerC = manager(2, 3);
        verdict(managerC, 2, 1, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 2, ResultVerdict.Verdict.MISSING);
        verdict(managerC, 2, 3, ResultVerdict.Verdict.WRONG);
        assertThat(managerC.wrongResultStreak()).as("a missing result does not break the streak").isEqualTo(2);

        verdict(managerC, 2, 4, ResultVerdict.Verdict.WRONG);

        assertThat(outbox.actions()).containsExactly(replace(2));
    }

    @Test
    void shouldCountDuplicatedVerdictsOnceAndIgnoreOtherReplicasVerdicts() {
        ReplicaManager managerC = manager(2, 3);
        for (int copy = 0; copy < 5; copy++) {
            verdict(managerC, 2, 7, ResultVerdict.Verdict.WRONG);
            verdict(managerC, 0, 8 + copy, ResultVerdict.Verdict.WRONG);
        }

        assertThat(outbox.actions()).isEmpty();
        assertThat(managerC.wrongResultStreak()).isEqualTo(1);
    }

    @Test
    void shouldJudgeStreaksBySequenceWhenVerdictsArriveOutOfOrder() {
        ReplicaManager managerC = manager(2, 3);
        verdict(managerC, 2, 5, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 6, ResultVerdict.Verdict.CORRECT);
        verdict(managerC, 2, 4, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 8, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 9, ResultVerdict.Verdict.WRONG);
        assertThat(outbox.actions()).as("4 and 5 came before the correct 6").isEmpty();

        verdict(managerC, 2, 7, ResultVerdict.Verdict.WRONG);

        assertThat(outbox.actions()).containsExactly(replace(2));
    }

    @Test
    void shouldNotLetACorrectVerdictThatArrivesEarlyEraseTheRunBeforeIt() {
        ReplicaManager managerC = manager(2, 3);
        verdict(managerC, 2, 10, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 16, ResultVerdict.Verdict.CORRECT);
        verdict(managerC, 2, 11, ResultVerdict.Verdict.WRONG);
        assertThat(outbox.actions()).isEmpty();

        verdict(managerC, 2, 12, ResultVerdict.Verdict.WRONG);

        assertThat(outbox.actions()).containsExactly(replace(2));
    }

    @Test
    void shouldJudgeTheNewReplicaOnlyOnceItReportsThatItIsLive() {
        ReplicaManager managerC = manager(2, 3);
        for (long sequence = 1; sequence <= 3; sequence++) {
            verdict(managerC, 2, sequence, ResultVerdict.Verdict.WRONG);
        }
        outbox.clear();
        tick(managerC, CONFIG.watchProbeIntervalNs());
        Probe recoveringProbe = probesTo(2).get(0);
        managerC.onMessage(NodeId.replica(2), new ProbeReply(recoveringProbe.nonce(), ReplicaStatus.RECOVERING, 0), outbox);
        for (long sequence = 4; sequence <= 40; sequence++) {
            verdict(managerC, 2, sequence, ResultVerdict.Verdict.WRONG);
        }
        assertThat(outbox.actions()).as("verdicts are stale until the new replica is live").isEmpty();

        tick(managerC, CONFIG.watchProbeIntervalNs());
        Probe liveProbe = probesTo(2).get(1);
        managerC.onMessage(NodeId.replica(2), new ProbeReply(liveProbe.nonce(), ReplicaStatus.LIVE, 50), outbox);
        verdict(managerC, 2, 45, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 51, ResultVerdict.Verdict.WRONG);
        verdict(managerC, 2, 52, ResultVerdict.Verdict.WRONG);
        assertThat(outbox.actions()).as("45 is before the new replica went live").isEmpty();
        verdict(managerC, 2, 53, ResultVerdict.Verdict.WRONG);

        assertThat(outbox.actions()).containsExactly(replace(2));
        assertThat(managerC.replacements()).isEqualTo(2);
    }

    @Test
    void shouldJudgeResultsAgainWhenTheReplacedReplicaNeverReportsLive() {
        ReplicaManager managerC = manager(2, 3);
        for (long sequence = 1; sequence <= 3; sequence++) {
            verdict(managerC, 2, sequence, ResultVerdict.Verdict.WRONG);
        }
        verdict(managerC, 2, 20, ResultVerdict.Verdict.WRONG);
        for (long waitedNs = 0; waitedNs <= CONFIG.replacementWatchNsMax(); waitedNs += 100 * MILLISECOND_NS) {
            tick(managerC, 100 * MILLISECOND_NS);
        }
        assertThat(managerC.isAwaitingReplacedReplica()).isFalse();

        for (long sequence = 21; sequence <= 23; sequence++) {
            verdict(managerC, 2, sequence, ResultVerdict.Verdict.WRONG);
        }

        assertThat(outbox.actions()).containsExactly(replace(2), replace(2));
    }

    // Its own replica's status.

    @Test
    void shouldGiveItsReplicaTimeToStartBeforeJudgingItCrashed() {
        ReplicaManagerConfig config = ReplicaManagerConfig.defaults();
        ReplicaManager managerB = startingManager(1, config);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);
        runWithReplicaAnswering(managerB, 1, config.actionCooldownNs() - config.healthProbeIntervalNs(), config);
        assertThat(outbox.actions()).as("still within its start-up time").isEmpty();

        runWithReplicaAnswering(managerB, 1, 2 * config.healthProbeIntervalNs(), config);
        suspect(managerB, 1);
        report(managerB, 0, 1, UNREACHABLE);
        report(managerB, 2, 1, UNREACHABLE);

        assertThat(outbox.actions()).containsExactly(restart(1));
    }

    @Test
    void shouldObserveItsReplicaUpRecoveringAndDownFromHealthProbes() {
        ReplicaManagerConfig config = ReplicaManagerConfig.defaults();
        ReplicaManager managerA = startingManager(0, config);
        assertThat(managerA.observedStatus()).isEqualTo(ObservedStatus.UNKNOWN);
        tick(managerA, config.healthProbeIntervalNs());
        long nonce = probesTo(0).get(probesTo(0).size() - 1).nonce();

        managerA.onMessage(NodeId.replica(0), new ProbeReply(nonce, ReplicaStatus.RECOVERING, 3), outbox);
        assertThat(managerA.observedStatus()).isEqualTo(ObservedStatus.RECOVERING);
        managerA.onMessage(NodeId.replica(0), new ProbeReply(nonce, ReplicaStatus.LIVE, 9), outbox);
        assertThat(managerA.observedStatus()).isEqualTo(ObservedStatus.UP);
        assertThat(managerA.observedDeliveredSequence()).isEqualTo(9);

        for (int interval = 0; interval < 4; interval++) {
            tick(managerA, config.healthProbeIntervalNs());
        }
        assertThat(managerA.observedStatus()).isEqualTo(ObservedStatus.DOWN);
    }

    @Test
    void shouldRaiseTheSuspicionItselfWhenItsReplicaStopsAnsweringAndRestartItOnTheOthersFindings() {
        ReplicaManagerConfig config = ReplicaManagerConfig.defaults();
        ReplicaManager managerA = startingManager(0, config);
        runWithReplicaAnswering(managerA, 0, config.actionCooldownNs(), config);
        outbox.clear();
        for (int interval = 0; interval < 3; interval++) {
            tick(managerA, config.healthProbeIntervalNs());
        }
        assertThat(outbox.sentOfType(CrashSuspicion.class)).as("silent for three intervals, not more").isEmpty();
        tick(managerA, config.healthProbeIntervalNs());

        assertThat(outbox.sent())
                .filteredOn(envelope -> envelope.message() instanceof CrashSuspicion)
                .extracting(Envelope::to)
                .containsExactly(NodeId.replicaManager(1), NodeId.replicaManager(2));
        assertThat(managerA.stats().suspicionsRaised()).isEqualTo(1);
        report(managerA, 1, 0, UNREACHABLE);
        tick(managerA, config.probeTimeoutNs());

        assertThat(outbox.actions()).containsExactly(restart(0));
    }

    @Test
    void shouldNotRaiseSuspicionsWhileItsReplicaAnswersHealthProbes() {
        ReplicaManagerConfig config = ReplicaManagerConfig.defaults();
        ReplicaManager managerA = startingManager(0, config);

        runWithReplicaAnswering(managerA, 0, 20 * config.healthProbeIntervalNs(), config);

        assertThat(probesTo(0)).as("one health probe per interval, and the first tick's").hasSize(21);
        assertThat(outbox.sentOfType(CrashSuspicion.class)).isEmpty();
        assertThat(managerA.observedStatus()).isEqualTo(ObservedStatus.UP);
    }

    @Test
    void shouldIgnoreMessagesNotMeantForAManager() {
        ReplicaManager managerA = manager(0, 3);
        managerA.onMessage(NodeId.replica(1), new CrashSuspicion(1, 1), outbox);
        managerA.onMessage(FRONT_END, new CrashSuspicion(3, 1), outbox);
        managerA.onMessage(NodeId.replicaManager(1), new ProbeReport(1, UNREACHABLE), outbox);
        managerA.onMessage(FRONT_END, new ProbeReport(0, UNREACHABLE), outbox);

        assertThat(outbox.sent()).isEmpty();
        assertThat(managerA.stats().messagesIgnored()).isEqualTo(4);
    }

    @Test
    void shouldRefuseAnIdentityThatIsNotAManagerOfTheCluster() {
        ClusterShape shape = new ClusterShape(3, FailureMode.CRASH);
        assertThatThrownBy(() -> new ReplicaManager(NodeId.replica(0), shape, CONFIG))
                .isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> new ReplicaManager(NodeId.replicaManager(3), shape, CONFIG))
                .isInstanceOf(InvariantViolation.class);
    }
}
