package dsms.node.http;

import dsms.node.process.FrontEndGateway;
import dsms.protocol.Outbox;
import java.util.List;

/**
 * Binary batches for a client path served on the front end's loop (the stream protocol): decoded,
 * checked and keyed exactly as the batch endpoint does it ({@link BatchWire}, {@link BatchIntake}),
 * submitted on the loop without a hand-over, and answered with the same bytes the endpoint sends.
 */
public final class BinaryBatches {
    private final FrontEndGateway gateway;
    private final BatchIntake intake;
    private final RequestObserver observer;

    public BinaryBatches(FrontEndGateway gateway, BatchIntake intake, RequestObserver observer) {
        this.gateway = gateway;
        this.intake = intake;
        this.observer = observer;
    }

    /** A submitted batch: what its answer is made of. */
    public static final class Submitted {
        private final BatchIntake.Prepared prepared;
        private final FrontEndGateway.Outcomes outcomes;
        private final long arrivedNs;

        private Submitted(BatchIntake.Prepared prepared, FrontEndGateway.Outcomes outcomes, long arrivedNs) {
            this.prepared = prepared;
            this.outcomes = outcomes;
            this.arrivedNs = arrivedNs;
        }

        /** The outcomes, complete once {@link FrontEndGateway.Outcomes#done()} is. */
        public FrontEndGateway.Outcomes outcomes() {
            return outcomes;
        }
    }

    /**
     * Decodes {@code userId}'s binary batch {@code body} and submits it from the loop thread;
     * throws {@link ApiError} for a body the batch endpoint would refuse (answered 400 there), in
     * which case nothing of it runs. The refusal is counted in the metrics here.
     */
    public Submitted submitOnLoop(String userId, byte[] body, String idempotencyKey, Outbox outbox, long arrivedNs) {
        BatchIntake.Prepared prepared;
        try {
            List<OperationBodies.BatchItem> items = BatchWire.decodeRequest(body, HttpApi.BATCH_OPERATIONS_MAX);
            prepared = intake.prepare(userId, items, idempotencyKey);
        } catch (ApiError refused) {
            refused(refused.code(), System.nanoTime() - arrivedNs);
            throw refused;
        }
        return new Submitted(prepared, gateway.submitAllOnLoop(prepared.requestIds(), prepared.commands(), outbox), arrivedNs);
    }

    /** A request refused before it was a batch (a bad frame), counted like a refused batch. */
    public void refused(ApiErrorCode code, long latencyNs) {
        observer.finished(HttpApi.BATCH_OPERATION, code.name(), latencyNs);
    }

    /** The binary answer of a batch whose outcomes are all in, counted in the metrics. */
    public byte[] answer(Submitted batch, long nowNs) {
        BatchReplies.Reply[] replies = BatchReplies.replies(batch.prepared, true, batch.outcomes::get);
        BatchReplies.observe(observer, batch.prepared.items(), replies, nowNs - batch.arrivedNs);
        return BatchReplies.binaryAnswer(replies);
    }
}
