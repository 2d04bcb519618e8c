package dsms.node.process;

import dsms.core.Checks;
import dsms.protocol.RequestOutcome;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.SubmitResult;
import dsms.protocol.message.RequestId;
import dsms.transport.NodeDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The bridge between client threads (HTTP) and the front end's event loop: a client thread
 * submits a command and gets a future; the loop thread runs the submit and later completes the
 * future with the front end's outcome.
 *
 * <p>A retry that arrives while the same request ID is still in progress joins the waiting future
 * instead of submitting twice, so an impatient client never causes a second execution.
 *
 * <p>Completing a future runs whatever waits on it (encoding JSON, writing the HTTP answer) on the
 * completing thread. So the loop thread only collects a cycle's outcomes, and hands them all, in
 * one task, to the answering threads: the loop goes on ordering and voting meanwhile.
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

    private final Map<RequestId, CompletableFuture<RequestOutcome>> waiting = new ConcurrentHashMap<>();
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
        return submitAll(List.of(requestId), List.of(command)).get(0);
    }

    /**
     * Submits several commands in one hand-over to the loop: one task and one wake-up for the
     * whole batch, which is what lets a batch of a thousand operations cost little more than one.
     * The futures are in the order of {@code requestIds}; a request ID already in progress joins
     * its waiting future, as in {@link #submit}.
     */
    public List<CompletableFuture<RequestOutcome>> submitAll(List<RequestId> requestIds, List<byte[]> commands) {
        Checks.check(requestIds.size() == commands.size(), "every request ID has its command");
        List<CompletableFuture<RequestOutcome>> futures = new ArrayList<>(requestIds.size());
        List<RequestId> fresh = new ArrayList<>(requestIds.size());
        List<byte[]> freshCommands = new ArrayList<>(requestIds.size());
        for (int index = 0; index < requestIds.size(); index++) {
            CompletableFuture<RequestOutcome> created = new CompletableFuture<>();
            CompletableFuture<RequestOutcome> existing = waiting.putIfAbsent(requestIds.get(index), created);
            futures.add(existing != null ? existing : created);
            if (existing == null) {
                fresh.add(requestIds.get(index));
                freshCommands.add(commands.get(index));
            }
        }
        if (fresh.isEmpty()) {
            return futures;
        }
        boolean queued = driver.execute(outbox -> {
            for (int index = 0; index < fresh.size(); index++) {
                RequestId requestId = fresh.get(index);
                if (frontEnd.submit(requestId, freshCommands.get(index), outbox) != SubmitResult.ACCEPTED) {
                    finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED));
                }
            }
        });
        if (!queued) {
            fresh.forEach(requestId -> finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED)));
        }
        return futures;
    }

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
        if (cycleOutcomes.isEmpty()) {
            return;
        }
        List<RequestOutcome> outcomes = cycleOutcomes;
        cycleOutcomes = new ArrayList<>();
        answering.execute(() -> outcomes.forEach(this::finish));
    }

    /** Stops the answering threads; outcomes not handed over yet are dropped with the process. */
    public void close() {
        answering.shutdown();
    }

    private void finish(RequestOutcome outcome) {
        CompletableFuture<RequestOutcome> future = waiting.remove(outcome.requestId());
        if (future != null) {
            future.complete(outcome);
        }
    }
}
