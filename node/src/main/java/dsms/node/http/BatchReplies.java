package dsms.node.http;

import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.protocol.RequestOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the front end's outcomes mean to a client, on every client path: a market result, or a
 * refusal that says what to do about it. Shared by the HTTP API and the stream protocol, so that
 * both give the same codes and messages for the same outcome.
 */
final class BatchReplies {
    static final String RETRY_BATCH = "retry the batch";

    private BatchReplies() {}

    /** What an outcome means to the client, for one operation and for a batch alike. */
    sealed interface Reply permits MarketReply, AgreedBytes, Refusal {
        /** The code the metrics count the operation under. */
        String code();
    }

    /** The market's result: a success or a business error. */
    record MarketReply(Result result) implements Reply {
        @Override
        public String code() {
            return result.code().name();
        }
    }

    /** The canonical bytes of an agreed market result, left undecoded for the binary batch. */
    record AgreedBytes(byte[] result, ResultCode resultCode) implements Reply {
        @Override
        public String code() {
            return resultCode.name();
        }
    }

    /** No result the client can trust, and what to do about it. */
    record Refusal(ApiErrorCode apiCode, String message) implements Reply {
        @Override
        public String code() {
            return apiCode.name();
        }
    }

    /**
     * Maps an outcome to its reply. A null outcome timed out at the gateway.
     *
     * @param retry how to retry safely: "retry" for one operation, "retry the batch" for a batch
     */
    static Reply replyTo(RequestOutcome outcome, String retry) {
        if (outcome == null) {
            return timedOut(retry);
        }
        return switch (outcome.status()) {
            case AGREED -> ResultCodec.decode(outcome.result()).<Reply>map(MarketReply::new).orElseGet(BatchReplies::badResult);
            case NO_QUORUM -> new Refusal(ApiErrorCode.NO_QUORUM,
                    "the replicas did not agree on a result; nothing can be trusted, retry later");
            case OVERLOADED -> new Refusal(ApiErrorCode.OVERLOADED, "the cluster is busy; retry later");
            case TIMED_OUT -> timedOut(retry);
        };
    }

    /**
     * An outcome for the binary batch: an agreed result passes through as the replicas' bytes,
     * undecoded (decoding and encoding them again is most of what the binary format saves); only
     * its first two bytes are checked, for the code the metrics count.
     */
    static Reply binaryReplyTo(RequestOutcome outcome) {
        if (outcome == null || outcome.status() != RequestOutcome.Status.AGREED) {
            return replyTo(outcome, RETRY_BATCH);
        }
        ResultCode code = BatchWire.resultCode(outcome.result());
        return code == null ? badResult() : new AgreedBytes(outcome.result(), code);
    }

    /** The replies of a prepared batch, in its order, from its outcomes (null where one is not in). */
    static Reply[] replies(BatchIntake.Prepared batch, boolean binary, IntFunction<RequestOutcome> outcomes) {
        Reply[] replies = new Reply[batch.items().size()];
        for (int index = 0; index < replies.length; index++) {
            if (batch.rejected()[index] != null) {
                replies[index] = new MarketReply(batch.rejected()[index]);
            }
        }
        for (int position = 0; position < batch.submitted().size(); position++) {
            RequestOutcome outcome = outcomes.apply(position);
            replies[batch.submitted().get(position)] = binary ? binaryReplyTo(outcome) : replyTo(outcome, RETRY_BATCH);
        }
        return replies;
    }

    /** The answer to a batch in the binary batch format. */
    static byte[] binaryAnswer(Reply[] replies) {
        List<BatchWire.Entry> entries = new ArrayList<>(replies.length);
        for (Reply reply : replies) {
            if (reply instanceof AgreedBytes agreed) {
                entries.add(new BatchWire.ResultEntry(agreed.result()));
            } else if (reply instanceof MarketReply market) {
                entries.add(new BatchWire.ResultEntry(ResultCodec.encode(market.result())));
            } else {
                Refusal refusal = (Refusal) reply;
                entries.add(new BatchWire.RefusalEntry(refusal.apiCode().name(), refusal.message()));
            }
        }
        return BatchWire.encodeAnswer(entries);
    }

    /** Tells the observer about a batch's operations, a run of alike neighbours at a time. */
    static void observe(RequestObserver observer, List<OperationBodies.BatchItem> items, Reply[] replies, long elapsedNs) {
        int runStart = 0;
        for (int index = 1; index <= replies.length; index++) {
            if (index == replies.length || !alike(items, replies, runStart, index)) {
                observer.finished(items.get(runStart).operation().name(), replies[runStart].code(), elapsedNs, index - runStart);
                runStart = index;
            }
        }
    }

    private static boolean alike(List<OperationBodies.BatchItem> items, Reply[] replies, int first, int second) {
        return items.get(first).operation().name().equals(items.get(second).operation().name())
                && replies[first].code().equals(replies[second].code());
    }

    static Refusal badResult() {
        return new Refusal(ApiErrorCode.BAD_RESULT, "the replicas agreed on a result that does not decode");
    }

    /** Built only when needed: every operation of a batch goes through {@link #replyTo}. */
    private static Refusal timedOut(String retry) {
        return new Refusal(ApiErrorCode.TIMED_OUT,
                "the cluster did not answer in time; " + retry + " with the same Idempotency-Key to be safe");
    }
}
