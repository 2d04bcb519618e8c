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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge between client threads (HTTP) and the front end's event loop: a client thread
 * submits a command and gets a future; the loop thread runs the submit and later completes the
 * future with the front end's outcome.
 *
 * <p>A retry that arrives while the same request ID is still in progress joins the waiting future
 * instead of submitting twice, so an impatient client never causes a second execution.
 */
public final class FrontEndGateway implements NodeDriver.EffectListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FrontEndGateway.class);
    private final FrontEnd frontEnd;
    private final Map<RequestId, CompletableFuture<RequestOutcome>> waiting = new ConcurrentHashMap<>();
    private NodeDriver driver;

    public FrontEndGateway(FrontEnd frontEnd) {
        this.frontEnd = frontEnd;
    }

    /** Connects the gateway to the loop that runs its front end; done once, before any submit. */
    public void attach(NodeDriver loop) {
        this.driver = loop;
    }

    /** Submits {@code command} under {@code requestId}; the future completes with its outcome. */
    public CompletableFuture<RequestOutcome> submit(RequestId requestId, byte[] command) {
        CompletableFuture<RequestOutcome> created = new CompletableFuture<>();
        CompletableFuture<RequestOutcome> existing = waiting.putIfAbsent(requestId, created);
        if (existing != null) {
            return existing;
        }
        boolean queued = driver.execute(outbox -> {
            SubmitResult result = frontEnd.submit(requestId, command, outbox);
            if (result != SubmitResult.ACCEPTED) {
                finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED));
            }
        });
        if (!queued) {
            finish(RequestOutcome.failed(requestId, RequestOutcome.Status.OVERLOADED));
        }
        return created;
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
        finish(outcome);
    }

    private void finish(RequestOutcome outcome) {
        CompletableFuture<RequestOutcome> future = waiting.remove(outcome.requestId());
        if (future != null) {
            future.complete(outcome);
        }
    }
}
