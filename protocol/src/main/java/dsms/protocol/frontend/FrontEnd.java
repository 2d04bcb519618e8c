package dsms.protocol.frontend;

import dsms.core.Checks;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RequestOutcome;
import dsms.protocol.RoleClock;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.IntPredicate;

/**
 * The front end's protocol role: gets each client request ordered, votes on the replicas'
 * results, answers the client, and reports faults to the replica managers.
 *
 * <p>Its job:
 *
 * <ul>
 *   <li>{@link #submit} sends a {@code ClientRequest} to the sequencer, and again after {@code
 *       sequencerResendIntervalNs}, each wait twice the one before (up to {@value
 *       #BACKOFF_DOUBLINGS_MAX} doublings), until a {@code SequencerAck} or a result shows it is ordered,
 *       for at most {@code orderingTimeoutNs} ({@code OVERLOADED} if the sequencer's last word was
 *       busy, else {@code TIMED_OUT}).
 *   <li>It reassembles each replica's chunked {@code ReplicaResult} and votes: crash mode answers
 *       with the first result; byzantine mode once {@code f+1} are byte-identical, and answers
 *       {@code NO_QUORUM} as soon as agreement becomes impossible or time runs out: never a guess.
 *   <li>After answering it keeps collecting until every replica responded or the timeouts passed.
 *       A replica still silent one result timeout after ordering (and after the answer, once
 *       there is one) is asked again ({@code ResultRequest}); silent one more timeout, it is
 *       reported to every manager ({@code CrashSuspicion}, at most once per replica per {@code
 *       crashSuspicionIntervalNs}). A replica that has not reached the request's sequence number
 *       and still sends results for earlier ones is behind, not lost: it is neither asked nor
 *       reported ({@link ResultFlow}), and a request only such replicas are silent on stops
 *       collecting once answered. A request
 *       nobody answered yet keeps asking until its deadline, each wait twice the one before (at
 *       most {@code resultTimeoutNsMax}).
 *   <li>In byzantine mode, when an agreed request finishes, every manager gets a {@code
 *       ResultVerdict} (CORRECT, WRONG or MISSING) for every replica.
 *   <li>The result timeout is twice the slowest recent result latency (from the moment the
 *       request is known to be ordered), clamped ({@link FrontEndConfig}).
 * </ul>
 *
 * <p>Bounds: {@code pendingRequestsMax} unanswered and {@code answeredRequestsMax} answered but
 * collecting requests; {@code commandBytesMax} per command; {@code resultBytesMax} and {@code
 * resultChunksMax} per reassembled result.
 */
public final class FrontEnd implements ProtocolRole {
    private final NodeId id;
    private final ClusterShape shape;
    private final FrontEndConfig config;
    private final AdaptiveTimeout resultTimeout;
    private final FaultReports faultReports;
    private final ResultFlow resultFlow;
    /** The highest sequence number the sequencer (or, in crash mode, a result) told of. */
    private long highestOrderedSequence;
    private final RoleClock clock = new RoleClock();
    private final LinkedHashMap<RequestId, PendingRequest> unanswered = new LinkedHashMap<>();
    private final LinkedHashMap<RequestId, PendingRequest> answered = new LinkedHashMap<>();
    private final FrontEndCounters counters = new FrontEndCounters();
    /**
     * Timers are checked at most this often. Their timeouts are tens of milliseconds or more, and
     * a busy event loop ticks on every turn: scanning thousands of answered requests each time
     * would cost more than the work of the turn.
     */
    static final long TIMER_SCAN_INTERVAL_NS = 1_000_000L;
    private long nextTimerScanNs = Long.MIN_VALUE;
    /** Scratch space of {@link #onTick}; never holds more than both tables together. */
    private final ArrayList<PendingRequest> dueRequests = new ArrayList<>();

    public FrontEnd(NodeId id, ClusterShape shape, FrontEndConfig config) {
        Checks.check(id.role() == NodeId.Role.FRONT_END, "a front end has a front end ID, not %s", id);
        this.id = id;
        this.shape = shape;
        this.config = config;
        this.resultTimeout = new AdaptiveTimeout(
                config.latencySamplesMax(),
                config.resultTimeoutNsInitial(),
                config.resultTimeoutNsMin(),
                config.resultTimeoutNsMax());
        this.faultReports = new FaultReports(shape, config.crashSuspicionIntervalNs(), counters);
        this.resultFlow = new ResultFlow(shape.replicaCount());
    }

    @Override
    public NodeId id() {
        return id;
    }

    /**
     * Takes on a client request and sends it to the sequencer. An accepted request ends in exactly
     * one {@link Outbox#complete}; a refused one in none.
     *
     * @param requestId unique per client request; a client's retry reuses it
     * @param command the service command; the front end does not read it
     */
    public SubmitResult submit(RequestId requestId, byte[] command, Outbox outbox) {
        PendingRequest answeredBefore = answered.get(requestId);
        if (answeredBefore != null) {
            // A retry of a request answered moments ago, whose other results are still being
            // collected: the client gets the same answer again, and nothing is sent.
            outbox.complete(answeredBefore.outcome());
            return SubmitResult.ACCEPTED;
        }
        SubmitResult result = admission(requestId, command);
        if (result != SubmitResult.ACCEPTED) {
            counters.requestsRefused++;
            return result;
        }
        long nowNs = clock.nowNs();
        PendingRequest request = new PendingRequest(
                requestId, command, nowNs, nowNs + config.sequencerResendIntervalNs(), shape.replicaCount());
        unanswered.put(requestId, request);
        counters.requestsAccepted++;
        outbox.send(shape.sequencer(), new ClientRequest(requestId, command));
        return result;
    }

    /**
     * Whether new requests should be taken on now. Not while a replica that is still sending
     * results has fallen more than {@code replicaLagEntriesMax} behind the newest ordered request:
     * in crash mode the front end answers with the first result, so clients that send as fast as
     * they are answered outrun the slowest replica, which then falls out of the sequencer's window
     * and fetches state from its peers, again and again, while the cluster runs on the others. A
     * replica that stopped sending (crashed, or already taking state from its peers) holds
     * nobody back. The front end itself does not refuse on this: its driver holds new requests
     * back until the answer is {@link Admission#OPEN} again.
     *
     * <p>The wait is bounded: a replica still that far behind after {@link #ADMISSION_HOLD_NS_MAX}
     * (a restarted one with a cold JVM, say) is let go, and admission stays open until it is back
     * within the bound or stops sending. It then catches up by state transfer, as it would have
     * without this rule, but clients waited at most that long for it.
     *
     * <p>Crash mode only. In byzantine mode answers already wait for f+1 matching results, and a
     * faulty replica could claim to be far behind to stop the cluster from taking requests.
     */
    public Admission admission() {
        if (shape.failureMode() != FailureMode.CRASH) {
            return Admission.OPEN;
        }
        long nowNs = clock.nowNs();
        boolean behind = resultFlow.anySendingReplicaBehind(
                highestOrderedSequence, config.replicaLagEntriesMax(), nowNs, resultTimeout.timeoutNs());
        if (!behind) {
            holdStartedNs = NOT_HOLDING;
            return Admission.OPEN;
        }
        if (holdStartedNs == NOT_HOLDING) {
            holdStartedNs = nowNs;
        }
        return nowNs - holdStartedNs < ADMISSION_HOLD_NS_MAX ? Admission.HOLD : Admission.OPEN;
    }

    /**
     * The longest admission is held for replicas that fell behind, per episode: long enough for a
     * collection, a checkpoint or a burst, short enough that clients never wait long for one slow
     * replica (the gateway answers a batch that waited 3 s OVERLOADED).
     */
    public static final long ADMISSION_HOLD_NS_MAX = 1_000_000_000L;
    private static final long NOT_HOLDING = Long.MIN_VALUE;
    /** When the current hold began; {@code NOT_HOLDING} while no replica is too far behind. */
    private long holdStartedNs = NOT_HOLDING;

    /** Whether the front end wants new requests now ({@link #admission()}). */
    public enum Admission {
        OPEN,
        HOLD
    }

    /** How many more requests {@link #submit} would take on now. */
    public int pendingRoom() {
        return Math.max(0, config.pendingRequestsMax() - unanswered.size());
    }

    private SubmitResult admission(RequestId requestId, byte[] command) {
        if (unanswered.containsKey(requestId)) {
            return SubmitResult.REFUSED_ALREADY_PENDING;
        }
        if (command.length > config.commandBytesMax()) {
            return SubmitResult.REFUSED_TOO_LARGE;
        }
        if (unanswered.size() >= config.pendingRequestsMax()) {
            return SubmitResult.REFUSED_FULL;
        }
        return SubmitResult.ACCEPTED;
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        boolean fromSequencer = from.equals(shape.sequencer());
        if (message instanceof SequencerAck ack && fromSequencer) {
            onSequencerAck(ack);
        } else if (message instanceof SequencerBusy busy && fromSequencer) {
            onSequencerBusy(busy);
        } else if (message instanceof ReplicaResult chunk && shape.isReplica(from)) {
            onReplicaResult(from.index(), chunk, outbox);
        } else {
            counters.messagesIgnored++;
        }
    }

    private void onSequencerAck(SequencerAck ack) {
        PendingRequest request = find(ack.requestId());
        if (request == null || ack.sequence() < 1) {
            counters.messagesIgnored++;
            return;
        }
        request.markOrdered(ack.sequence(), clock.nowNs());
        highestOrderedSequence = Math.max(highestOrderedSequence, ack.sequence());
    }

    private void onSequencerBusy(SequencerBusy busy) {
        PendingRequest request = find(busy.requestId());
        if (request == null) {
            counters.messagesIgnored++;
            return;
        }
        if (request.phase() == PendingRequest.Phase.ORDERING) {
            request.noteSequencerWord(PendingRequest.SequencerWord.BUSY);
        }
    }

    private void onReplicaResult(int replica, ReplicaResult chunk, Outbox outbox) {
        PendingRequest request = find(chunk.requestId());
        if (request == null) {
            counters.messagesIgnored++;
            return;
        }
        ResultAssembly.ChunkOutcome outcome =
                request.response(replica).add(chunk, config.resultChunksMax(), config.resultBytesMax());
        if (outcome == ResultAssembly.ChunkOutcome.INVALIDATED) {
            counters.invalidResults++;
        } else if (outcome != ResultAssembly.ChunkOutcome.COMPLETED) {
            return;
        }
        if (outcome == ResultAssembly.ChunkOutcome.COMPLETED) {
            resultFlow.onResult(replica, chunk.sequence(), clock.nowNs());
            if (shape.failureMode() == FailureMode.CRASH) {
                highestOrderedSequence = Math.max(highestOrderedSequence, chunk.sequence());
            }
        }
        if (request.phase() != PendingRequest.Phase.ORDERING) {
            if (outcome == ResultAssembly.ChunkOutcome.COMPLETED) {
                resultTimeout.record(clock.nowNs() - request.orderedNs());
            }
        } else if (shape.failureMode() == FailureMode.CRASH) {
            // A crash-mode replica does not lie: its result proves the request was ordered. In
            // byzantine mode one replica's word is not enough, so resending goes on until the
            // sequencer acknowledges or the request is answered.
            request.markOrdered(Math.max(0, chunk.sequence()), clock.nowNs());
        }
        if (!request.isAnswered()) {
            vote(request, outbox);
        }
        if (request.allResponded()) {
            finish(request, FaultReports.SPARE_ALL, outbox);
        }
    }

    private void vote(PendingRequest request, Outbox outbox) {
        Vote.Decision decision = Vote.decide(request.responses(), shape.matchingResultsRequired());
        switch (decision.kind()) {
            case AGREED -> answer(
                    request,
                    RequestOutcome.agreed(
                            request.requestId(), decision.agreed().sequence(), decision.agreed().result()),
                    decision.agreed(),
                    outbox);
            case IMPOSSIBLE -> answer(
                    request, RequestOutcome.failed(request.requestId(), RequestOutcome.Status.NO_QUORUM), null, outbox);
            case UNDECIDED -> {}
        }
    }

    /** Answers the client; the request keeps collecting results, making room if need be. */
    private void answer(PendingRequest request, RequestOutcome outcome, Answer agreed, Outbox outbox) {
        request.markAnswered(outcome, agreed);
        // An answer ends the ordering phase even when the acknowledgement was lost.
        request.markOrdered(agreed == null ? 0 : agreed.sequence(), clock.nowNs());
        counters.countOutcome(outcome.status());
        outbox.complete(outcome);
        unanswered.remove(request.requestId());
        request.markCollectingSince(clock.nowNs());
        answered.put(request.requestId(), request);
        if (answered.size() > config.answeredRequestsMax()) {
            PendingRequest oldest = answered.values().iterator().next();
            counters.collectionsCutShort++;
            finish(oldest, FaultReports.SPARE_ALL, outbox);
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        clock.advance(nowNs);
        if (nowNs < nextTimerScanNs) {
            return;
        }
        nextTimerScanNs = nowNs + TIMER_SCAN_INTERVAL_NS;
        long resultTimeoutNs = resultTimeout.timeoutNs();
        // Every timer of a request runs from a moment no earlier than its submission, so none can
        // fire before this much time has passed since it was submitted.
        long earliestTimerNs = Math.min(resultTimeoutNs,
                Math.min(config.sequencerResendIntervalNs(), config.orderingTimeoutNs()));
        // The due requests are collected first, because acting on one may remove it from its table.
        // Unanswered requests are in submission order, so the scan stops at the first one too young
        // for any timer: a tick costs what is due, not what is in flight, under any load.
        for (PendingRequest request : unanswered.values()) {
            if (nowNs - request.submittedNs() < earliestTimerNs) {
                break;
            }
            if (isDue(request, resultTimeoutNs, nowNs)) {
                dueRequests.add(request);
            }
        }
        // Answered requests are in the order they took their place at the table's end, and none of
        // their timers fires before one result timeout there: the scan stops at the first one
        // too recent, as above.
        for (PendingRequest request : answered.values()) {
            if (nowNs - request.collectingSinceNs() < resultTimeoutNs) {
                break;
            }
            if (isDue(request, resultTimeoutNs, nowNs)) {
                dueRequests.add(request);
            }
        }
        for (PendingRequest request : dueRequests) {
            advance(request, resultTimeoutNs, outbox);
        }
        dueRequests.clear();
    }

    /**
     * Whether one of the request's timers has run out; {@link #advance} acts on it. An answered
     * request's timers run from no earlier than its place in the answered table
     * (collectingSinceNs), which keeps that table in the order its timers fire.
     */
    private boolean isDue(PendingRequest request, long resultTimeoutNs, long nowNs) {
        if (request.isAnswered() && nowNs - request.collectingSinceNs() < resultTimeoutNs) {
            return false;
        }
        return switch (request.phase()) {
            case ORDERING -> nowNs - request.submittedNs() >= config.orderingTimeoutNs()
                    || nowNs >= request.nextResendNs();
            case AWAITING_RESULTS -> nowNs - request.awaitingSinceNs() >= resultTimeoutNs;
            case ASKED_AGAIN -> nowNs - request.askedAgainNs() >= askAgainTimeoutNs(request, resultTimeoutNs)
                    || nowNs - request.submittedNs() >= config.orderingTimeoutNs();
        };
    }

    /**
     * Each repeated question to silent replicas, and each resend to the sequencer, waits twice as
     * long as the one before, up to this many doublings. A cluster that is slow because it is
     * overloaded must not be sent more traffic: a fixed interval turns a backlog into a storm of
     * repeated questions that deepens it, until replicas too busy to answer look crashed.
     */
    static final int BACKOFF_DOUBLINGS_MAX = 4;

    /** The wait after the latest question: one timeout, then doubling, at most {@code resultTimeoutNsMax}. */
    private long askAgainTimeoutNs(PendingRequest request, long resultTimeoutNs) {
        int doublings = Math.min(BACKOFF_DOUBLINGS_MAX, Math.max(0, request.askedAgainRounds() - 1));
        return Math.max(resultTimeoutNs, Math.min(config.resultTimeoutNsMax(), resultTimeoutNs << doublings));
    }

    private void advance(PendingRequest request, long resultTimeoutNs, Outbox outbox) {
        if (find(request.requestId()) != request) {
            return; // finished earlier in this tick, while making room
        }
        long nowNs = clock.nowNs();
        switch (request.phase()) {
            case ORDERING -> followOrdering(request, outbox);
            case AWAITING_RESULTS -> {
                if (nowNs - request.awaitingSinceNs() >= resultTimeoutNs) {
                    awaitOrAskAgain(request, resultTimeoutNs, outbox);
                }
            }
            case ASKED_AGAIN -> {
                boolean deadlinePassed = nowNs - request.submittedNs() >= config.orderingTimeoutNs();
                if (!deadlinePassed && nowNs - request.askedAgainNs() < askAgainTimeoutNs(request, resultTimeoutNs)) {
                    return;
                }
                if (request.isAnswered() || deadlinePassed) {
                    finish(request, reportable(request, resultTimeoutNs), outbox);
                } else {
                    // The client still waits for its answer, and a slow cluster (a cold start, a
                    // replica catching up) is no reason to fail it before its deadline: report
                    // the silent replicas now, and keep asking them until the deadline.
                    faultReports.reportStillSilent(request, reportable(request, resultTimeoutNs), nowNs, outbox);
                    askSilentReplicasAgain(request, resultTimeoutNs, outbox);
                }
            }
        }
    }

    private void followOrdering(PendingRequest request, Outbox outbox) {
        long nowNs = clock.nowNs();
        if (nowNs - request.submittedNs() >= config.orderingTimeoutNs()) {
            answer(request, RequestOutcome.failed(request.requestId(), unorderedStatus(request)), null, outbox);
            finish(request, FaultReports.SPARE_ALL, outbox);
        } else if (nowNs >= request.nextResendNs()) {
            counters.clientRequestsResent++;
            outbox.send(shape.sequencer(), new ClientRequest(request.requestId(), request.command()));
            request.scheduleResend(nowNs,
                    config.sequencerResendIntervalNs() << Math.min(BACKOFF_DOUBLINGS_MAX, request.resends()));
        }
    }

    /**
     * Why a request never known to be ordered failed: a byzantine-mode response shows it may have
     * been ordered after all; otherwise a busy sequencer or silence.
     */
    private static RequestOutcome.Status unorderedStatus(PendingRequest request) {
        if (request.anyResponded()) {
            return RequestOutcome.Status.NO_QUORUM;
        }
        return request.lastSequencerWord() == PendingRequest.SequencerWord.BUSY
                ? RequestOutcome.Status.OVERLOADED
                : RequestOutcome.Status.TIMED_OUT;
    }

    /**
     * One result timeout after ordering: asks the silent replicas again, unless every one of them
     * is merely behind ({@link ResultFlow}). Then an answered request stops collecting, sparing
     * them, and an unanswered one waits another timeout.
     */
    private void awaitOrAskAgain(PendingRequest request, long resultTimeoutNs, Outbox outbox) {
        IntPredicate reportable = reportable(request, resultTimeoutNs);
        for (int replica : request.silentReplicas()) {
            if (reportable.test(replica)) {
                askSilentReplicasAgain(request, resultTimeoutNs, outbox);
                return;
            }
        }
        if (request.isAnswered()) {
            finish(request, FaultReports.SPARE_ALL, outbox);
        } else {
            request.awaitAgain(clock.nowNs());
        }
    }

    /**
     * The silent replicas that may be asked again, suspected and judged MISSING: all but those
     * behind the request and still sending results for earlier ones.
     */
    private IntPredicate reportable(PendingRequest request, long resultTimeoutNs) {
        long nowNs = clock.nowNs();
        return replica -> !resultFlow.isBehindButSending(replica, request.sequence(), nowNs, resultTimeoutNs);
    }

    private void askSilentReplicasAgain(PendingRequest request, long resultTimeoutNs, Outbox outbox) {
        IntPredicate reportable = reportable(request, resultTimeoutNs);
        for (int replica : request.silentReplicas()) {
            if (reportable.test(replica)) {
                outbox.send(NodeId.replica(replica), new ResultRequest(request.requestId(), request.sequence()));
                counters.resultRequestsSent++;
            }
        }
        request.markAskedAgain(clock.nowNs());
        if (request.isAnswered()) {
            // Its next timer runs from now: it moves to the end of the answered table, whose
            // order is the order its timers fire in.
            answered.remove(request.requestId());
            request.markCollectingSince(clock.nowNs());
            answered.put(request.requestId(), request);
        }
    }

    /**
     * Stops collecting: answers the client if nobody could yet, reports silent replicas (unless
     * spared because their time was cut short) and, in byzantine mode, sends the verdicts.
     */
    private void finish(PendingRequest request, IntPredicate reportable, Outbox outbox) {
        if (!request.isAnswered()) {
            RequestOutcome.Status status =
                    request.anyResponded() ? RequestOutcome.Status.NO_QUORUM : RequestOutcome.Status.TIMED_OUT;
            answer(request, RequestOutcome.failed(request.requestId(), status), null, outbox);
        }
        faultReports.reportFinished(request, reportable, clock.nowNs(), outbox);
        unanswered.remove(request.requestId());
        answered.remove(request.requestId());
    }

    private PendingRequest find(RequestId requestId) {
        PendingRequest request = unanswered.get(requestId);
        return request != null ? request : answered.get(requestId);
    }

    /** Requests submitted and not answered yet. */
    public int unansweredRequests() {
        return unanswered.size();
    }

    /** Requests answered and still collecting results for fault detection. */
    public int answeredRequestsCollecting() {
        return answered.size();
    }

    /** The current adaptive result timeout. */
    public long resultTimeoutNs() {
        return resultTimeout.timeoutNs();
    }

    public FrontEndStats stats() {
        return counters.snapshot();
    }
}
