package dsms.protocol.frontend;

import static dsms.protocol.RegisterService.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dsms.core.InvariantViolation;
import dsms.protocol.ClusterShape;
import dsms.protocol.Envelope;
import dsms.protocol.FailureMode;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.message.ResultVerdict.Verdict;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontEndTest {
    private static final long MILLISECOND_NS = 1_000_000L;
    private static final NodeId SEQUENCER = NodeId.sequencer(0);
    private static final long CLIENT = 42;
    /** The initial result timeout; no latency has been measured in most scenarios. */
    private static final long TIMEOUT_NS = 100 * MILLISECOND_NS;

    private static final FrontEndConfig CONFIG = FrontEndConfig.defaults()
            .withResultTimeoutNsInitial(TIMEOUT_NS)
            .withResultTimeoutNsMin(10 * MILLISECOND_NS)
            .withResultTimeoutNsMax(1_000 * MILLISECOND_NS)
            .withSequencerResendIntervalNs(50 * MILLISECOND_NS)
            .withOrderingTimeoutNs(500 * MILLISECOND_NS)
            .withCrashSuspicionIntervalNs(1_000 * MILLISECOND_NS);

    private final RecordingOutbox outbox = new RecordingOutbox();
    private long nowNs = 5_000 * MILLISECOND_NS;

    private FrontEnd frontEnd(int replicaCount, FailureMode mode, FrontEndConfig config) {
        FrontEnd frontEnd = new FrontEnd(NodeId.frontEnd(0), new ClusterShape(replicaCount, mode), config);
        frontEnd.onTick(nowNs, outbox);
        return frontEnd;
    }

    private FrontEnd frontEnd(FailureMode mode) {
        return frontEnd(3, mode, CONFIG);
    }

    private static RequestId request(long counter) {
        return new RequestId(CLIENT, counter);
    }

    private SubmitResult submit(FrontEnd frontEnd, long counter) {
        return frontEnd.submit(request(counter), command("c" + counter), outbox);
    }

    private void acknowledge(FrontEnd frontEnd, long counter, long sequence) {
        frontEnd.onMessage(SEQUENCER, new SequencerAck(request(counter), 1, sequence), outbox);
    }

    private void result(FrontEnd frontEnd, int replica, long counter, long sequence, String text) {
        frontEnd.onMessage(
                NodeId.replica(replica), new ReplicaResult(sequence, request(counter), 0, 1, command(text)), outbox);
    }

    private void tick(FrontEnd frontEnd, long advanceNs) {
        nowNs += advanceNs;
        frontEnd.onTick(nowNs, outbox);
    }

    /** Submits request 1 and has the sequencer order it at sequence 10. */
    private FrontEnd orderedRequest(int replicaCount, FailureMode mode) {
        FrontEnd frontEnd = frontEnd(replicaCount, mode, CONFIG);
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 10);
        outbox.clear();
        return frontEnd;
    }

    private static List<NodeId> managers(int replicaCount) {
        return new ClusterShape(replicaCount, FailureMode.CRASH).replicaManagers();
    }

    @Test
    void shouldSendRequestToSequencerAndResendUntilAcknowledged() {
        FrontEnd frontEnd = frontEnd(FailureMode.CRASH);
        assertThat(submit(frontEnd, 1)).isEqualTo(SubmitResult.ACCEPTED);
        tick(frontEnd, 49 * MILLISECOND_NS);
        tick(frontEnd, MILLISECOND_NS);
        tick(frontEnd, 50 * MILLISECOND_NS);
        acknowledge(frontEnd, 1, 10);
        tick(frontEnd, 50 * MILLISECOND_NS);
        tick(frontEnd, 50 * MILLISECOND_NS);

        assertThat(outbox.sent())
                .filteredOn(envelope -> envelope.message() instanceof ClientRequest)
                .extracting(Envelope::to)
                .containsExactly(SEQUENCER, SEQUENCER, SEQUENCER);
        assertThat(outbox.sentOfType(ClientRequest.class))
                .allSatisfy(sent -> assertThat(sent.requestId()).isEqualTo(request(1)));
        assertThat(frontEnd.stats().clientRequestsResent()).isEqualTo(2);
    }

    @Test
    void shouldStopResendingWhenAResultShowsTheRequestWasOrderedInCrashMode() {
        FrontEnd frontEnd = frontEnd(FailureMode.CRASH);
        submit(frontEnd, 1);
        result(frontEnd, 0, 1, 10, "r");
        outbox.clear();

        tick(frontEnd, 200 * MILLISECOND_NS);

        assertThat(outbox.sentOfType(ClientRequest.class)).isEmpty();
    }

    @Test
    void shouldKeepResendingInByzantineModeUntilTheSequencerAcknowledges() {
        FrontEnd frontEnd = frontEnd(FailureMode.BYZANTINE);
        submit(frontEnd, 1);
        // One replica's claim that the request was ordered proves nothing in byzantine mode.
        result(frontEnd, 0, 1, 10, "r");
        outbox.clear();

        tick(frontEnd, 50 * MILLISECOND_NS);
        acknowledge(frontEnd, 1, 10);
        tick(frontEnd, 50 * MILLISECOND_NS);

        assertThat(outbox.sentOfType(ClientRequest.class)).hasSize(1);
    }

    @Test
    void shouldAnswerFirstResultInCrashMode() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        result(frontEnd, 1, 1, 10, "first");
        result(frontEnd, 0, 1, 10, "second");

        assertThat(outbox.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.AGREED);
            assertThat(outcome.requestId()).isEqualTo(request(1));
            assertThat(outcome.sequence()).isEqualTo(10);
            assertThat(new String(outcome.result())).isEqualTo("first");
        });
    }

    @Test
    void shouldAnswerOnlyAfterTwoMatchingResultsInByzantineMode() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 1, 1, 10, "y");
        assertThat(outbox.outcomes()).isEmpty();

        result(frontEnd, 2, 1, 10, "x");

        assertThat(outbox.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.AGREED);
            assertThat(new String(outcome.result())).isEqualTo("x");
        });
    }

    @Test
    void shouldNotCountTheSameBytesAtDifferentSequenceNumbersAsAgreement() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 1, 1, 11, "x");

        assertThat(outbox.outcomes()).isEmpty();
    }

    @Test
    void shouldAnswerAfterTwoMatchingResultsWithFourReplicas() {
        FrontEnd frontEnd = orderedRequest(4, FailureMode.BYZANTINE);
        result(frontEnd, 3, 1, 10, "x");
        assertThat(outbox.outcomes()).isEmpty();
        result(frontEnd, 1, 1, 10, "x");

        assertThat(outbox.outcomes()).extracting(RequestOutcome::status).containsExactly(RequestOutcome.Status.AGREED);
    }

    @Test
    void shouldAnswerNoQuorumWhenAllThreeResultsDiffer() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 1, 1, 10, "y");
        result(frontEnd, 2, 1, 10, "z");

        assertThat(outbox.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.NO_QUORUM);
            assertThat(outcome.result()).isEmpty();
        });
        assertThat(outbox.sentOfType(ResultVerdict.class)).isEmpty();
        assertThat(frontEnd.answeredRequestsCollecting()).isZero();
    }

    @Test
    void shouldAnswerNoQuorumWhenTimeRunsOutWithoutAgreement() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.outcomes()).as("the client waits until its deadline").isEmpty();

        tick(frontEnd, 3 * TIMEOUT_NS);

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.NO_QUORUM);
        assertThat(frontEnd.unansweredRequests()).isZero();
    }

    @Test
    void shouldAnswerResultThatArrivesAfterSuspicionButBeforeTheDeadline() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.sentOfType(ResultRequest.class)).as("the third round waits twice as long").hasSize(6);
        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.sentOfType(ResultRequest.class)).as("three rounds of asking the three silent replicas").hasSize(9);

        result(frontEnd, 2, 1, 10, "late");

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.AGREED);
    }

    @Test
    void shouldSuspectSilentReplicasEarlyButTimeOutOnlyAtTheClientDeadline() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.sentOfType(CrashSuspicion.class)).as("suspected after asking again").hasSize(9);
        assertThat(outbox.outcomes()).as("a slow cluster is not a failed request").isEmpty();

        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.TIMED_OUT);
        assertThat(outbox.sentOfType(CrashSuspicion.class)).hasSize(9);
    }

    @Test
    void shouldAskAgainOneTimeoutAfterTheAnswerBeforeSuspectingCrash() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        // Results after half the initial timeout keep the adaptive timeout where it was.
        tick(frontEnd, TIMEOUT_NS / 2);
        result(frontEnd, 0, 1, 10, "r");
        result(frontEnd, 1, 1, 10, "r");
        outbox.clear();
        // One timeout after ordering is not enough: an answered request's timers run from its
        // answer. Timers have a resolution of FrontEnd.TIMER_SCAN_INTERVAL_NS (1 ms).
        tick(frontEnd, TIMEOUT_NS / 2);
        assertThat(outbox.sent()).isEmpty();
        tick(frontEnd, TIMEOUT_NS / 2 - MILLISECOND_NS);
        assertThat(outbox.sent()).isEmpty();

        tick(frontEnd, MILLISECOND_NS);
        assertThat(outbox.sent())
                .containsExactly(new Envelope(NodeId.replica(2), new ResultRequest(request(1), 10)));

        outbox.clear();
        tick(frontEnd, TIMEOUT_NS - MILLISECOND_NS);
        assertThat(outbox.sent()).isEmpty();

        tick(frontEnd, MILLISECOND_NS);
        assertThat(outbox.sent())
                .extracting(Envelope::to, Envelope::message)
                .containsExactly(
                        tuple(NodeId.replicaManager(0), new CrashSuspicion(2, 10)),
                        tuple(NodeId.replicaManager(1), new CrashSuspicion(2, 10)),
                        tuple(NodeId.replicaManager(2), new CrashSuspicion(2, 10)));
        assertThat(frontEnd.answeredRequestsCollecting()).isZero();
    }

    @Test
    void shouldAskAgainAndFinishEachAnsweredRequestOnItsOwnTimeWhateverTheOrderTheyWereAnsweredIn() {
        // A fixed result timeout, so that the results' latencies do not move it.
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH,
                CONFIG.withResultTimeoutNsMin(TIMEOUT_NS).withResultTimeoutNsMax(TIMEOUT_NS));
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 10);
        submit(frontEnd, 2);
        acknowledge(frontEnd, 2, 11);
        // Request 2 is answered first, request 1 half a timeout later; replica 2 stays silent.
        result(frontEnd, 0, 2, 11, "r");
        tick(frontEnd, TIMEOUT_NS / 2);
        result(frontEnd, 0, 1, 10, "r");
        outbox.clear();

        tick(frontEnd, TIMEOUT_NS / 2);
        assertThat(outbox.sentOfType(ResultRequest.class))
                .containsExactlyInAnyOrder(new ResultRequest(request(2), 11), new ResultRequest(request(2), 11));
        outbox.clear();
        tick(frontEnd, TIMEOUT_NS / 2);
        assertThat(outbox.sentOfType(ResultRequest.class))
                .containsExactlyInAnyOrder(new ResultRequest(request(1), 10), new ResultRequest(request(1), 10));

        // Replica 1 answers request 1 when asked; replica 2 never does. Replica 1 has not reached
        // request 2 (sequence 11) but is sending results: behind, not crashed.
        result(frontEnd, 1, 1, 10, "r");
        tick(frontEnd, TIMEOUT_NS / 2);
        assertThat(frontEnd.answeredRequestsCollecting()).isEqualTo(1);
        assertThat(outbox.sentOfType(CrashSuspicion.class)).containsOnly(new CrashSuspicion(2, 11)).hasSize(3);
        tick(frontEnd, TIMEOUT_NS / 2);
        assertThat(frontEnd.answeredRequestsCollecting()).isZero();
    }

    /**
     * Requests 1 and 2, ordered at sequences 10 and 11 and answered by replicas 0 and 1 alone, with
     * a result timeout fixed at TIMEOUT_NS.
     */
    private FrontEnd twoRequestsAnsweredByReplicasZeroAndOne() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH,
                CONFIG.withResultTimeoutNsMin(TIMEOUT_NS).withResultTimeoutNsMax(TIMEOUT_NS));
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 10);
        submit(frontEnd, 2);
        acknowledge(frontEnd, 2, 11);
        for (int replica = 0; replica < 2; replica++) {
            result(frontEnd, replica, 1, 10, "r");
            result(frontEnd, replica, 2, 11, "r");
        }
        return frontEnd;
    }

    @Test
    void shouldNeitherAskAgainNorSuspectAReplicaThatIsBehindButStillSendingResults() {
        FrontEnd frontEnd = twoRequestsAnsweredByReplicasZeroAndOne();
        // Replica 2 is behind: it gets to sequence 10 half a timeout later, and not yet to 11.
        tick(frontEnd, TIMEOUT_NS / 2);
        result(frontEnd, 2, 1, 10, "r");
        outbox.clear();

        tick(frontEnd, TIMEOUT_NS / 2);

        assertThat(outbox.sentOfType(ResultRequest.class)).isEmpty();
        assertThat(outbox.sentOfType(CrashSuspicion.class)).isEmpty();
        assertThat(frontEnd.answeredRequestsCollecting()).as("request 2 stopped collecting, sparing replica 2").isZero();
    }

    @Test
    void shouldAskAgainAReplicaThatWentPastTheRequestWithoutItsResult() {
        FrontEnd frontEnd = twoRequestsAnsweredByReplicasZeroAndOne();
        // Replica 2's result for sequence 10 was lost on the way; the one for 11 arrived.
        tick(frontEnd, TIMEOUT_NS / 2);
        result(frontEnd, 2, 2, 11, "r");
        outbox.clear();

        tick(frontEnd, TIMEOUT_NS / 2);

        assertThat(outbox.sentOfType(ResultRequest.class)).containsExactly(new ResultRequest(request(1), 10));
    }

    /** Request 1 at sequence 5, answered by replica 2 only; then request 2 ordered at sequence 30. */
    private void orderThirtyWhileReplicaTwoHasResultsUpToFive(FrontEnd frontEnd) {
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 5);
        result(frontEnd, 2, 1, 5, "r");
        submit(frontEnd, 2);
        acknowledge(frontEnd, 2, 30);
    }

    @Test
    void shouldHoldAdmissionWhileASendingReplicaIsTooFarBehindAndOpenWhenItCatchesUp() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH, CONFIG.withReplicaLagEntriesMax(10));
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 5);
        result(frontEnd, 2, 1, 5, "r");
        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.OPEN);

        // Sequence 30 is ordered while replica 2, still sending, has results only up to 5.
        submit(frontEnd, 2);
        acknowledge(frontEnd, 2, 30);
        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.HOLD);

        result(frontEnd, 2, 2, 30, "r");
        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.OPEN);
    }

    @Test
    void shouldNotHoldAdmissionForAReplicaThatStoppedSendingResults() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH, CONFIG.withReplicaLagEntriesMax(10));
        orderThirtyWhileReplicaTwoHasResultsUpToFive(frontEnd);
        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.HOLD);

        // Silent for a whole result timeout: crashed, or taking state from its peers.
        tick(frontEnd, TIMEOUT_NS);

        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.OPEN);
    }

    @Test
    void shouldLetASlowReplicaGoAfterHoldingAdmissionForItsLongestWait() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH, CONFIG
                .withReplicaLagEntriesMax(10)
                .withResultTimeoutNsMax(FrontEnd.ADMISSION_HOLD_NS_MAX * 2)
                .withResultTimeoutNsInitial(FrontEnd.ADMISSION_HOLD_NS_MAX * 2)
                .withResultTimeoutNsMin(FrontEnd.ADMISSION_HOLD_NS_MAX * 2));
        orderThirtyWhileReplicaTwoHasResultsUpToFive(frontEnd);
        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.HOLD);

        // Replica 2 keeps sending results, but gets no closer than 24 behind.
        submit(frontEnd, 3);
        acknowledge(frontEnd, 3, 6);
        tick(frontEnd, FrontEnd.ADMISSION_HOLD_NS_MAX / 2);
        result(frontEnd, 2, 3, 6, "r");
        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.HOLD);
        tick(frontEnd, FrontEnd.ADMISSION_HOLD_NS_MAX / 2);

        assertThat(frontEnd.admission()).as("held for as long as it may be").isEqualTo(FrontEnd.Admission.OPEN);
        assertThat(frontEnd.admission()).as("and stays open while the replica is that far behind")
                .isEqualTo(FrontEnd.Admission.OPEN);
    }

    @Test
    void shouldNeverHoldAdmissionInByzantineModeWhereAReplicaCouldClaimToBeBehind() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.BYZANTINE, CONFIG.withReplicaLagEntriesMax(10));
        orderThirtyWhileReplicaTwoHasResultsUpToFive(frontEnd);

        assertThat(frontEnd.admission()).isEqualTo(FrontEnd.Admission.OPEN);
    }

    @Test
    void shouldNotSuspectAReplicaThatAnswersWhenAskedAgain() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        result(frontEnd, 0, 1, 10, "r");
        result(frontEnd, 1, 1, 10, "r");
        tick(frontEnd, TIMEOUT_NS);
        result(frontEnd, 2, 1, 10, "r");
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);

        assertThat(outbox.sentOfType(CrashSuspicion.class)).isEmpty();
        assertThat(frontEnd.answeredRequestsCollecting()).isZero();
    }

    @Test
    void shouldRateLimitCrashSuspicionsPerReplica() {
        FrontEnd frontEnd = frontEnd(FailureMode.CRASH);
        for (long counter = 1; counter <= 2; counter++) {
            submit(frontEnd, counter);
            acknowledge(frontEnd, counter, counter);
            result(frontEnd, 0, counter, counter, "r");
        }
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.sentOfType(CrashSuspicion.class))
                .extracting(CrashSuspicion::replicaIndex)
                .containsExactly(1, 1, 1, 2, 2, 2);

        outbox.clear();
        tick(frontEnd, 1_000 * MILLISECOND_NS);
        submit(frontEnd, 3);
        acknowledge(frontEnd, 3, 3);
        result(frontEnd, 0, 3, 3, "r");
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.sentOfType(CrashSuspicion.class)).hasSize(6);
    }

    @Test
    void shouldReportWrongVerdictForMismatchingReplica() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 1, 1, 10, "x");
        result(frontEnd, 2, 1, 10, "y");

        for (NodeId manager : managers(3)) {
            assertThat(outbox.sent().stream().filter(envelope -> envelope.to().equals(manager)).map(Envelope::message))
                    .containsExactly(
                            new ResultVerdict(request(1), 10, 0, Verdict.CORRECT),
                            new ResultVerdict(request(1), 10, 1, Verdict.CORRECT),
                            new ResultVerdict(request(1), 10, 2, Verdict.WRONG));
        }
        assertThat(frontEnd.stats().verdictsSent()).isEqualTo(3);
    }

    @Test
    void shouldReportMissingVerdictAndCrashSuspicionForSilentReplica() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 2, 1, 10, "x");
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);

        assertThat(outbox.sentOfType(ResultVerdict.class))
                .filteredOn(verdict -> verdict.replicaIndex() == 1)
                .extracting(ResultVerdict::verdict)
                .containsExactly(Verdict.MISSING, Verdict.MISSING, Verdict.MISSING);
        assertThat(outbox.sentOfType(CrashSuspicion.class)).containsOnly(new CrashSuspicion(1, 10));
    }

    @Test
    void shouldNotSendVerdictsInCrashMode() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 1, 1, 10, "x");
        result(frontEnd, 2, 1, 10, "y");

        assertThat(outbox.sentOfType(ResultVerdict.class)).isEmpty();
        assertThat(frontEnd.answeredRequestsCollecting()).isZero();
    }

    @Test
    void shouldKeepCollectingAfterAnsweringUntilEveryReplicaResponded() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        result(frontEnd, 0, 1, 10, "r");
        assertThat(frontEnd.answeredRequestsCollecting()).isEqualTo(1);
        result(frontEnd, 1, 1, 10, "r");
        assertThat(frontEnd.answeredRequestsCollecting()).isEqualTo(1);

        result(frontEnd, 2, 1, 10, "r");

        assertThat(frontEnd.answeredRequestsCollecting()).isZero();
        assertThat(outbox.outcomes()).hasSize(1);
    }

    @Test
    void shouldAdaptTimeoutToSlowestRecentResult() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        assertThat(frontEnd.resultTimeoutNs()).isEqualTo(TIMEOUT_NS);

        tick(frontEnd, 5 * MILLISECOND_NS);
        result(frontEnd, 0, 1, 10, "r");
        tick(frontEnd, 25 * MILLISECOND_NS);
        result(frontEnd, 1, 1, 10, "r");
        tick(frontEnd, 3 * MILLISECOND_NS);
        result(frontEnd, 2, 1, 10, "r");

        assertThat(frontEnd.resultTimeoutNs()).isEqualTo(2 * 33 * MILLISECOND_NS);
    }

    @Test
    void shouldForgetSlowResultsOnceTheyLeaveTheWindowAndClampTheTimeout() {
        FrontEnd frontEnd = frontEnd(1, FailureMode.CRASH, CONFIG.withLatencySamplesMax(2));
        long[] latenciesMs = {2_000, 1, 1, 8};
        for (int counter = 1; counter <= latenciesMs.length; counter++) {
            submit(frontEnd, counter);
            acknowledge(frontEnd, counter, counter);
            tick(frontEnd, latenciesMs[counter - 1] * MILLISECOND_NS);
            result(frontEnd, 0, counter, counter, "r");
            long expectedNs = switch (counter) {
                case 1, 2 -> 1_000 * MILLISECOND_NS; // 2 x 2000 ms, clamped to the maximum
                case 3 -> 10 * MILLISECOND_NS; // 2 x 1 ms, clamped to the minimum
                default -> 16 * MILLISECOND_NS;
            };
            assertThat(frontEnd.resultTimeoutNs()).as("after result %d", counter).isEqualTo(expectedNs);
        }
    }

    @Test
    void shouldReassembleChunkedResultsWhateverTheirOrder() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        for (int replica : new int[] {0, 1}) {
            send(frontEnd, replica, new ReplicaResult(10, request(1), 2, 3, command("ef")));
            send(frontEnd, replica, new ReplicaResult(10, request(1), 0, 3, command("ab")));
            send(frontEnd, replica, new ReplicaResult(10, request(1), 0, 3, command("ab")));
            assertThat(outbox.outcomes()).isEmpty();
            send(frontEnd, replica, new ReplicaResult(10, request(1), 1, 3, command("cd")));
        }

        assertThat(outbox.outcomes()).singleElement().satisfies(outcome ->
                assertThat(new String(outcome.result())).isEqualTo("abcdef"));
    }

    @Test
    void shouldJudgeContradictoryChunksAsAWrongResult() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.BYZANTINE);
        result(frontEnd, 0, 1, 10, "x");
        result(frontEnd, 1, 1, 10, "x");
        send(frontEnd, 2, new ReplicaResult(10, request(1), 0, 2, command("x")));
        send(frontEnd, 2, new ReplicaResult(10, request(1), 1, 3, command("y")));

        assertThat(frontEnd.stats().invalidResults()).isEqualTo(1);
        assertThat(outbox.sentOfType(ResultVerdict.class))
                .filteredOn(verdict -> verdict.replicaIndex() == 2)
                .extracting(ResultVerdict::verdict)
                .containsOnly(Verdict.WRONG);
    }

    @Test
    void shouldTreatResultsBeyondTheBoundsAsInvalid() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH, CONFIG.withResultBytesMax(4).withResultChunksMax(2));
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 10);
        send(frontEnd, 0, new ReplicaResult(10, request(1), 0, 1, command("12345")));
        send(frontEnd, 1, new ReplicaResult(10, request(1), 0, 3, command("1")));
        send(frontEnd, 2, new ReplicaResult(10, request(1), 0, 1, command("1234")));

        assertThat(frontEnd.stats().invalidResults()).isEqualTo(2);
        assertThat(outbox.outcomes()).singleElement().satisfies(outcome ->
                assertThat(new String(outcome.result())).isEqualTo("1234"));
    }

    @Test
    void shouldAnswerNoQuorumInCrashModeWhenEveryResultIsInvalid() {
        FrontEnd frontEnd = frontEnd(1, FailureMode.CRASH, CONFIG.withResultBytesMax(1));
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 10);
        send(frontEnd, 0, new ReplicaResult(10, request(1), 0, 1, command("too long")));

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.NO_QUORUM);
    }

    @Test
    void shouldGiveARetryOfARequestAnsweredMomentsAgoTheSameAnswer() {
        FrontEnd frontEnd = frontEnd(FailureMode.CRASH);
        submit(frontEnd, 1);
        acknowledge(frontEnd, 1, 10);
        result(frontEnd, 0, 1, 10, "r");
        assertThat(frontEnd.answeredRequestsCollecting()).as("still collecting the other results").isOne();
        outbox.clear();

        assertThat(submit(frontEnd, 1)).isEqualTo(SubmitResult.ACCEPTED);

        assertThat(outbox.outcomes()).extracting(RequestOutcome::status).containsExactly(RequestOutcome.Status.AGREED);
        assertThat(new String(outbox.outcomes().get(0).result(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("r");
        assertThat(outbox.sentOfType(ClientRequest.class)).as("nothing goes to the sequencer again").isEmpty();
    }

    @Test
    void shouldRefuseRequestsClearly() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.CRASH, CONFIG.withPendingRequestsMax(2).withCommandBytesMax(3));
        assertThat(submit(frontEnd, 1)).isEqualTo(SubmitResult.ACCEPTED);
        assertThat(submit(frontEnd, 1)).isEqualTo(SubmitResult.REFUSED_ALREADY_PENDING);
        assertThat(frontEnd.submit(request(2), command("long"), outbox)).isEqualTo(SubmitResult.REFUSED_TOO_LARGE);
        assertThat(submit(frontEnd, 2)).isEqualTo(SubmitResult.ACCEPTED);
        assertThat(submit(frontEnd, 3)).isEqualTo(SubmitResult.REFUSED_FULL);

        assertThat(outbox.sentOfType(ClientRequest.class)).hasSize(2);
        assertThat(frontEnd.stats().requestsRefused()).isEqualTo(3);
        assertThat(frontEnd.unansweredRequests()).isEqualTo(2);
    }

    @Test
    void shouldAnswerOverloadedWhenTheSequencerStaysBusy() {
        FrontEnd frontEnd = frontEnd(FailureMode.CRASH);
        submit(frontEnd, 1);
        frontEnd.onMessage(SEQUENCER, new SequencerBusy(request(1)), outbox);
        for (int tick = 0; tick < 10; tick++) {
            tick(frontEnd, 50 * MILLISECOND_NS);
        }

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.OVERLOADED);
        assertThat(outbox.sentOfType(ClientRequest.class))
                .as("sent at 0, 50, 100, 200 and 400 ms: each wait twice the one before").hasSize(5);
        assertThat(frontEnd.unansweredRequests()).isZero();
        assertThat(outbox.sentOfType(CrashSuspicion.class)).isEmpty();
    }

    @Test
    void shouldNotCallARequestOverloadedWhenAReplicaAnsweredIt() {
        FrontEnd frontEnd = frontEnd(FailureMode.BYZANTINE);
        submit(frontEnd, 1);
        frontEnd.onMessage(SEQUENCER, new SequencerBusy(request(1)), outbox);
        result(frontEnd, 0, 1, 10, "x");
        tick(frontEnd, 500 * MILLISECOND_NS);

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.NO_QUORUM);
    }

    @Test
    void shouldAnswerFromCompleteResultsAndSuspectAReplicaThatDiedMidResult() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        tick(frontEnd, TIMEOUT_NS / 2);
        send(frontEnd, 2, new ReplicaResult(10, request(1), 0, 2, command("par")));
        send(frontEnd, 0, new ReplicaResult(10, request(1), 0, 2, command("par")));
        send(frontEnd, 0, new ReplicaResult(10, request(1), 1, 2, command("tial")));
        result(frontEnd, 1, 1, 10, "partial");
        assertThat(outbox.outcomes()).singleElement().satisfies(outcome ->
                assertThat(new String(outcome.result())).isEqualTo("partial"));

        tick(frontEnd, TIMEOUT_NS);
        assertThat(outbox.sentOfType(ResultRequest.class)).containsExactly(new ResultRequest(request(1), 10));
        tick(frontEnd, TIMEOUT_NS);

        assertThat(outbox.sentOfType(CrashSuspicion.class)).containsOnly(new CrashSuspicion(2, 10)).hasSize(3);
    }

    @Test
    void shouldRejectUseBeforeTheFirstTick() {
        FrontEnd frontEnd = new FrontEnd(NodeId.frontEnd(0), new ClusterShape(3, FailureMode.CRASH), CONFIG);

        assertThatThrownBy(() -> submit(frontEnd, 1)).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void shouldTimeOutWhenTheSequencerStaysSilent() {
        FrontEnd frontEnd = frontEnd(FailureMode.CRASH);
        submit(frontEnd, 1);
        tick(frontEnd, 500 * MILLISECOND_NS);

        assertThat(outbox.outcomes())
                .extracting(RequestOutcome::status)
                .containsExactly(RequestOutcome.Status.TIMED_OUT);
    }

    @Test
    void shouldStopCollectingTheOldestAnsweredRequestWhenTooManyAreAnswered() {
        FrontEnd frontEnd = frontEnd(3, FailureMode.BYZANTINE, CONFIG.withAnsweredRequestsMax(1));
        for (long counter = 1; counter <= 2; counter++) {
            submit(frontEnd, counter);
            acknowledge(frontEnd, counter, counter);
            result(frontEnd, 0, counter, counter, "x");
            result(frontEnd, 1, counter, counter, "x");
        }

        assertThat(frontEnd.answeredRequestsCollecting()).isEqualTo(1);
        assertThat(frontEnd.stats().collectionsCutShort()).isEqualTo(1);
        // Replica 2 had no fair chance on request 1: no verdict and no suspicion about it.
        assertThat(outbox.sentOfType(ResultVerdict.class))
                .extracting(ResultVerdict::requestId, ResultVerdict::replicaIndex)
                .containsOnly(tuple(request(1), 0), tuple(request(1), 1));
        assertThat(outbox.sentOfType(CrashSuspicion.class)).isEmpty();
    }

    @Test
    void shouldIgnoreResultsForUnknownRequestsAndMessagesFromUnexpectedNodes() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        result(frontEnd, 0, 99, 10, "r");
        frontEnd.onMessage(NodeId.replica(3), new ReplicaResult(10, request(1), 0, 1, command("r")), outbox);
        frontEnd.onMessage(NodeId.replica(0), new SequencerAck(request(1), 1, 10), outbox);

        assertThat(outbox.outcomes()).isEmpty();
        assertThat(frontEnd.stats().messagesIgnored()).isEqualTo(3);
    }

    @Test
    void shouldCompleteEachAcceptedRequestExactlyOnce() {
        FrontEnd frontEnd = orderedRequest(3, FailureMode.CRASH);
        result(frontEnd, 0, 1, 10, "r");
        result(frontEnd, 0, 1, 10, "r");
        tick(frontEnd, TIMEOUT_NS);
        tick(frontEnd, TIMEOUT_NS);
        result(frontEnd, 1, 1, 10, "r");

        assertThat(outbox.outcomes()).hasSize(1);
        assertThat(frontEnd.stats().answeredAgreed()).isEqualTo(1);
    }

    private void send(FrontEnd frontEnd, int replica, ReplicaResult chunk) {
        frontEnd.onMessage(NodeId.replica(replica), chunk, outbox);
    }
}
