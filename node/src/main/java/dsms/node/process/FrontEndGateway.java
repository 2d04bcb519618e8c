package dsms.node.process;

import dsms.core.Checks;
import dsms.protocol.Outbox;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.message.RequestId;
import dsms.transport.NodeDriver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bridge between client threads (HTTP) and the front end's event loop: a client thread
 * submits commands and gets their {@link Outcomes}; the loop thread runs the submit and later
 * fills in each command's outcome from the front end, and the batch completes once all are in.
 * One completion per batch, not a future per operation: completing a future per operation and
 * joining them was a third of the answering threads' time.
 *
 * <p>A retry that arrives while the same request ID is still in progress joins the waiting
 * request instead of submitting twice, so an impatient client never causes a second execution.
 *
 * <p>Backpressure by waiting, not refusing: while the front end holds admission ({@link
 * FrontEnd#admission()}: a replica fell too far behind) or has no room for a batch, the batch waits
 * on the loop, oldest first, and goes in when the front end takes requests again. Clients that send
 * as fast as they are answered then see latency, the honest price of overload, instead of refusals;
 * only when {@value #PARKED_OPERATIONS_MAX} operations wait, or one waited {@value
 * #PARKED_MS_MAX} ms, are they answered OVERLOADED.
 *
 * <p>Completing a batch runs whatever waits on it (encoding the answer, writing it) on the
 * completing thread. So for HTTP the loop thread only collects a cycle's outcomes, and hands them
 * all, in one task, to the answering threads: the loop goes on ordering and voting meanwhile.
 * A batch submitted on the loop itself ({@link #submitAllOnLoop}, the stream protocol's) is filled
 * in on the loop, whose answer is one non-blocking write: two hand-overs fewer.
 */
public final class FrontEndGateway implements NodeDriver.EffectListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FrontEndGateway.class);
    private final FrontEnd frontEnd;
    /**
     * Cycles of outcomes waiting for an answering thread. When full, the loop thread answers a
     * cycle itself: slower, but nothing is lost and the loop slows down with its clients.
     */
    static final int ANSWER_TASKS_QUEUED_MAX = 4_096;
    /** Two threads keep both cores of a small machine answering while the loop runs. */
    static final int ANSWER_THREADS = 2;

    /** Operations that may wait for admission; more are answered OVERLOADED at once. */
    static final int PARKED_OPERATIONS_MAX = 65_536;
    /**
     * The longest a batch waits for admission before it is answered OVERLOADED: well within a
     * client's request timeout, so that an operation is never executed after its client gave up.
     */
    static final long PARKED_MS_MAX = 3_000;

    private final Map<RequestId, Waiter> waiting = new ConcurrentHashMap<>();
    /** Batches waiting for admission, oldest first; touched by the loop thread only. */
    private final ArrayDeque<ParkedBatch> parked = new ArrayDeque<>();
    /** Written by the loop thread only; volatile so that status readers and tests see it. */
    private volatile int parkedOperations;
    /** Whether a task to release parked batches is queued on the loop already. */
    private boolean releaseQueued;
    /** Outcomes of the current cycle; touched by the loop thread only. */
    private List<RequestOutcome> cycleOutcomes = new ArrayList<>();
    private final ExecutorService answering;
    private NodeDriver driver;

    public FrontEndGateway(FrontEnd frontEnd) {
        this.frontEnd = frontEnd;
        this.answering = new ThreadPoolExecutor(ANSWER_THREADS, ANSWER_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(ANSWER_TASKS_QUEUED_MAX), runnable -> {
                    Thread thread = new Thread(runnable, "front-end-answering");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Connects the gateway to the loop that runs its front end; done once, before any submit. */
    public void attach(NodeDriver loop) {
        this.driver = loop;
    }

    /** Submits {@code command} under {@code requestId}; the future completes with its outcome. */
    public CompletableFuture<RequestOutcome> submit(RequestId requestId, byte[] command) {
        Outcomes outcomes = submitAll(List.of(requestId), List.of(command));
        return outcomes.done().thenApply(done -> done.get(0));
    }

    /**
     * Submits several commands in one hand-over to the loop: one task and one wake-up for the
     * whole batch, which is what lets a batch of a thousand operations cost little more than one.
     * The outcomes are in the order of {@code requestIds}; a request ID already in progress joins
     * the waiting request, as in {@link #submit}.
     */
    public Outcomes submitAll(List<RequestId> requestIds, List<byte[]> commands) {
        Outcomes outcomes = new Outcomes(requestIds.size(), false);
        ParkedBatch fresh = register(requestIds, commands, outcomes);
        if (fresh == null) {
            return outcomes;
        }
        boolean queued = driver.execute(outbox -> submitOrPark(fresh, outbox));
        if (!queued) {
            fresh.requestIds().forEach(requestId -> finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED)));
        }
        return outcomes;
    }

    /**
     * Submits several commands from the loop thread itself, as a stream client's batch is read
     * there: no task and no wake-up on the way in. Their outcomes are filled in on the loop thread
     * too, in the cycle that decided them, so whatever waits on {@link Outcomes#done()} runs on the
     * loop, without the answering threads' hand-over. (A retry that joined a request of an HTTP
     * batch is filled in on that batch's answering thread instead.)
     */
    public Outcomes submitAllOnLoop(List<RequestId> requestIds, List<byte[]> commands, Outbox outbox) {
        Checks.check(driver.onLoopThread(), "a batch is submitted on the loop only from the loop thread");
        Outcomes outcomes = new Outcomes(requestIds.size(), true);
        ParkedBatch fresh = register(requestIds, commands, outcomes);
        if (fresh != null) {
            submitOrPark(fresh, outbox);
        }
        return outcomes;
    }

    /**
     * Registers every request's waiter; a request ID already in progress joins the waiting
     * request. Returns the requests still to submit, or null when every one joined.
     */
    private ParkedBatch register(List<RequestId> requestIds, List<byte[]> commands, Outcomes outcomes) {
        Checks.check(requestIds.size() == commands.size(), "every request ID has its command");
        List<RequestId> fresh = new ArrayList<>(requestIds.size());
        List<byte[]> freshCommands = new ArrayList<>(requestIds.size());
        for (int index = 0; index < requestIds.size(); index++) {
            Waiter existing = waiting.putIfAbsent(requestIds.get(index), new Waiter(outcomes, index));
            if (existing != null) {
                existing.join(new Slot(outcomes, index));
            } else {
                fresh.add(requestIds.get(index));
                freshCommands.add(commands.get(index));
            }
        }
        return fresh.isEmpty() ? null : new ParkedBatch(fresh, freshCommands, System.nanoTime());
    }

    /**
     * The outcomes of one {@link #submitAll}, filled in as they come, by position. {@link #done()}
     * completes once every one is in; until then, {@link #get} gives null for those still out, so
     * a caller that stops waiting can answer those as timed out.
     */
    public static final class Outcomes {
        private final AtomicReferenceArray<RequestOutcome> outcomes;
        private final AtomicInteger missing;
        private final CompletableFuture<Outcomes> done = new CompletableFuture<>();
        /** Whether the loop thread fills these in itself, rather than handing them to the answering threads. */
        private final boolean filledOnLoop;

        Outcomes(int size, boolean filledOnLoop) {
            this.outcomes = new AtomicReferenceArray<>(size);
            this.missing = new AtomicInteger(size);
            this.filledOnLoop = filledOnLoop;
            // A batch whose every operation was refused before the cluster submits nothing and is done at once.
            if (size == 0) {
                done.complete(this);
            }
        }

        public int size() {
            return outcomes.length();
        }

        /** The outcome at {@code index}, or null while it is not in. */
        public RequestOutcome get(int index) {
            return outcomes.get(index);
        }

        /** Completes, with these outcomes, once every one is in. */
        public CompletableFuture<Outcomes> done() {
            return done;
        }

        void set(int index, RequestOutcome outcome) {
            Checks.check(outcomes.compareAndSet(index, null, outcome), "the outcome at %d is set once", index);
            if (missing.decrementAndGet() == 0) {
                done.complete(this);
            }
        }
    }

    /** A position in a batch's outcomes: where a retry that joined a request waits. */
    private record Slot(Outcomes outcomes, int index) {
        void fill(RequestOutcome outcome) {
            outcomes.set(index, outcome);
        }
    }

    /**
     * Who waits for one request: the position in the batch that submitted it, and any retries of
     * the same request ID that joined while it was in progress (rare, so a list made only then).
     */
    private static final class Waiter {
        /** The submitting batch's position, kept as two fields: one object per request on this path, not two. */
        private final Outcomes outcomes;
        private final int index;
        /** Guarded by this. */
        private List<Slot> joined;
        /** Guarded by this; set once. */
        private RequestOutcome outcome;

        Waiter(Outcomes outcomes, int index) {
            this.outcomes = outcomes;
            this.index = index;
        }

        /** Adds a retry's position; filled at once if the outcome is in already. */
        void join(Slot retry) {
            RequestOutcome known;
            synchronized (this) {
                known = outcome;
                if (known == null) {
                    if (joined == null) {
                        joined = new ArrayList<>(1);
                    }
                    joined.add(retry);
                    return;
                }
            }
            retry.fill(known);
        }

        void complete(RequestOutcome result) {
            List<Slot> retries;
            synchronized (this) {
                outcome = result;
                retries = joined;
            }
            outcomes.set(index, result);
            if (retries != null) {
                retries.forEach(retry -> retry.fill(result));
            }
        }
    }

    /** On the loop thread: submits the batch now, or parks it behind those already waiting. */
    private void submitOrPark(ParkedBatch batch, Outbox outbox) {
        if (parked.isEmpty() && mayTakeOn(batch)) {
            submitNow(batch, outbox);
            return;
        }
        if (parkedOperations + batch.requestIds().size() > PARKED_OPERATIONS_MAX) {
            refuse(batch);
            return;
        }
        parked.add(batch);
        parkedOperations += batch.requestIds().size();
    }

    /** Whether the front end takes the batch now; one larger than its whole table goes in when it is empty. */
    private boolean mayTakeOn(ParkedBatch batch) {
        boolean room = frontEnd.pendingRoom() >= batch.requestIds().size() || frontEnd.unansweredRequests() == 0;
        return room && frontEnd.admission() == FrontEnd.Admission.OPEN;
    }

    private void submitNow(ParkedBatch batch, Outbox outbox) {
        for (int index = 0; index < batch.requestIds().size(); index++) {
            RequestId requestId = batch.requestIds().get(index);
            if (frontEnd.submit(requestId, batch.commands().get(index), outbox) != SubmitResult.ACCEPTED) {
                finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED));
            }
        }
    }

    private void refuse(ParkedBatch batch) {
        batch.requestIds().forEach(requestId -> finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED)));
    }

    /** On the loop thread: lets parked batches in, oldest first, while the front end takes them. */
    private void releaseParked(Outbox outbox) {
        releaseQueued = false;
        long nowNs = System.nanoTime();
        while (!parked.isEmpty()) {
            ParkedBatch oldest = parked.peek();
            if (nowNs - oldest.parkedNs() > PARKED_MS_MAX * 1_000_000L) {
                refuse(oldest);
            } else if (mayTakeOn(oldest)) {
                submitNow(oldest, outbox);
            } else {
                return;
            }
            parked.poll();
            parkedOperations -= oldest.requestIds().size();
        }
    }

    /** Operations waiting for admission. */
    int parkedOperations() {
        return parkedOperations;
    }

    /** A batch with what it needs to be submitted later. */
    private record ParkedBatch(List<RequestId> requestIds, List<byte[]> commands, long parkedNs) {}

    /** How many client requests are waiting for an answer. */
    public int waitingRequests() {
        return waiting.size();
    }

    @Override
    public void completed(RequestOutcome outcome) {
        if (outcome.status() != RequestOutcome.Status.AGREED) {
            // Agreed answers are the normal case and show in the metrics; anything else is an event.
            LOG.warn("request {} ended {}", outcome.requestId(), outcome.status());
        }
        cycleOutcomes.add(outcome);
    }

    @Override
    public void afterCycle(long nowNs) {
        if (!parked.isEmpty() && !releaseQueued) {
            // Released by a task, which is given the loop's outbox; one at a time is enough.
            releaseQueued = driver.execute(this::releaseParked);
        }
        if (cycleOutcomes.isEmpty()) {
            return;
        }
        // Made only for a cycle with outcomes for the answering threads: a stream-only load needs none.
        List<RequestOutcome> handedOver = null;
        for (RequestOutcome outcome : cycleOutcomes) {
            Waiter waiter = waiting.get(outcome.requestId());
            if (waiter != null && waiter.outcomes.filledOnLoop) {
                finish(outcome);
            } else {
                if (handedOver == null) {
                    handedOver = new ArrayList<>(cycleOutcomes.size());
                }
                handedOver.add(outcome);
            }
        }
        cycleOutcomes.clear();
        if (handedOver != null) {
            List<RequestOutcome> forAnswering = handedOver;
            answering.execute(() -> forAnswering.forEach(this::finish));
        }
    }

    /** Stops the answering threads; outcomes not handed over yet are dropped with the process. */
    public void close() {
        answering.shutdown();
    }

    private void finish(RequestOutcome outcome) {
        Waiter waiter = waiting.remove(outcome.requestId());
        if (waiter != null) {
            waiter.complete(outcome);
        }
    }
}
