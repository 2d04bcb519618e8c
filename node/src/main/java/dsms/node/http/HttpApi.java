package dsms.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.node.http.Operations.Operation;
import dsms.node.process.FrontEndGateway;
import dsms.node.security.ApiKeys;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.RequestId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The front end's HTTP/JSON API: {@code POST /api/v1/operations/{operation}} with the operation's
 * fields as a JSON object, authenticated by an API key ({@code Authorization: Bearer KEY}); the
 * acting user always comes from the key. {@code GET /api/v1/status} describes the cluster and
 * {@code GET /api/v1/openapi.json} describes this API.
 *
 * <p>Answers have the shape of the CLI's {@code --json}: {@code {"ok", "code", "message",
 * "data"}}. Market results (success or a business error) are 200; requests refused before the
 * market are 4xx with an {@link ApiErrorCode}; a cluster that cannot answer is 503 or 504.
 */
public final class HttpApi implements Routes {
    /** Commands are a few short fields; anything larger is refused unread. */
    public static final int REQUEST_BODY_BYTES_MAX = 4_096;
    /**
     * A batch amortises the HTTP exchange and the hand-over to the front end's loop over many
     * operations; a thousand is enough for that (the gain flattens out long before) while keeping
     * one batch's answer well under a megabyte, except for listings.
     */
    public static final int BATCH_OPERATIONS_MAX = 1_000;
    /** Room for a full batch of operations with their longest fields. */
    public static final int BATCH_BODY_BYTES_MAX = 256 * 1024;
    public static final String OPERATIONS_PATH = "/api/v1/operations/";
    public static final String BATCH_PATH = "/api/v1/batch";
    public static final String STATUS_PATH = "/api/v1/status";
    public static final String OPENAPI_PATH = "/api/v1/openapi.json";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_LENGTH_MAX = 128;
    private static final String BEARER = "bearer ";

    private final FrontEndGateway gateway;
    private final ApiKeys keys;
    private final Supplier<Map<String, Object>> status;
    private final long requestTimeoutMs;
    /** This front end incarnation's client number: request IDs never collide across restarts. */
    private final long clientId;
    private final AtomicLong counter = new AtomicLong();
    private final OperationBodies bodies = new OperationBodies();
    private final RequestObserver observer;
    private final byte[] openApiDocument = loadOpenApiDocument();

    public HttpApi(FrontEndGateway gateway, ApiKeys keys, Supplier<Map<String, Object>> status, long requestTimeoutMs,
            long clientId, RequestObserver observer) {
        this.gateway = gateway;
        this.keys = keys;
        this.status = status;
        this.requestTimeoutMs = requestTimeoutMs;
        this.clientId = clientId;
        this.observer = observer;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(OPERATIONS_PATH + "{operation}", this::operation);
        routes.post(BATCH_PATH, this::batch);
        routes.get(STATUS_PATH, context -> context.json(status.get()));
        routes.get(OPENAPI_PATH, context -> context.contentType("application/json").result(openApiDocument));
    }

    private void operation(Context context) {
        long arrivedNs = System.nanoTime();
        String operationName = RequestObserver.UNKNOWN_OPERATION;
        try {
            String userId = authenticate(context);
            Operation operation = Operations.find(context.pathParam("operation")).orElseThrow(() -> unknownOperation(context));
            operationName = operation.name();
            ParseOutcome parsed = Commands.parse(userId, operation.name(), bodies.arguments(operation, body(context, REQUEST_BODY_BYTES_MAX)));
            if (parsed instanceof ParseOutcome.UsageError usage) {
                throw ApiError.badRequest(usage.message());
            }
            if (parsed instanceof ParseOutcome.Rejected rejected) {
                answerResult(context, rejected.toResult());
                observer.finished(operationName, rejected.toResult().code().name(), System.nanoTime() - arrivedNs);
                return;
            }
            RequestId requestId = requestId(userId, context.header(IDEMPOTENCY_HEADER));
            submit(context, operationName, requestId, CommandCodec.encode(((ParseOutcome.Parsed) parsed).command()),
                    arrivedNs);
        } catch (ApiError error) {
            observer.finished(operationName, error.code().name(), System.nanoTime() - arrivedNs);
            throw error;
        }
    }

    private void submit(Context context, String operationName, RequestId requestId, byte[] command, long arrivedNs) {
        CompletableFuture<RequestOutcome> outcome = gateway.submit(requestId, command);
        // A copy times out, not the shared future: a retry that joins it must still get the real outcome.
        context.future(() -> outcome.copy().orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS)
                .handle((answer, failure) -> {
                    String code = answer(context, answer);
                    observer.finished(operationName, code, System.nanoTime() - arrivedNs);
                    return null;
                }));
    }

    /**
     * Several operations of one user in one request: each is its own request to the cluster
     * (ordered, executed and voted on alone; not atomic together), all handed to the front end at
     * once and answered together in the order given. The front end submits them in that order, so
     * they are ordered that way unless a lost datagram makes one be resent; a client that needs
     * one operation to see another's effect waits for the first one's answer.
     */
    private void batch(Context context) {
        long arrivedNs = System.nanoTime();
        try {
            String userId = authenticate(context);
            boolean binary = BatchWire.isBinary(context.contentType());
            byte[] body = body(context, BATCH_BODY_BYTES_MAX);
            List<OperationBodies.BatchItem> items = binary ? BatchWire.decodeRequest(body, BATCH_OPERATIONS_MAX)
                    : jsonBatch(body);
            String idempotencyKey = context.header(IDEMPOTENCY_HEADER);
            checkIdempotencyKey(idempotencyKey);
            Result[] rejected = new Result[items.size()];
            List<Integer> submitted = new ArrayList<>(items.size());
            List<RequestId> requestIds = new ArrayList<>(items.size());
            List<byte[]> commands = new ArrayList<>(items.size());
            for (int index = 0; index < items.size(); index++) {
                OperationBodies.BatchItem item = items.get(index);
                ParseOutcome parsed = Commands.parse(userId, item.operation().name(), item.arguments());
                if (parsed instanceof ParseOutcome.UsageError usage) {
                    throw ApiError.badRequest("operations[" + index + "]: " + usage.message());
                }
                if (parsed instanceof ParseOutcome.Rejected refused) {
                    rejected[index] = refused.toResult();
                    continue;
                }
                submitted.add(index);
                // Each operation gets its own key, so retrying the batch with its key repeats none of them.
                requestIds.add(idempotencyKey == null ? new RequestId(clientId, counter.incrementAndGet())
                        : derivedRequestId(userId + "\n" + idempotencyKey + "\n" + index));
                commands.add(CommandCodec.encode(((ParseOutcome.Parsed) parsed).command()));
            }
            answerBatch(context, binary, items, rejected, submitted, gateway.submitAll(requestIds, commands), arrivedNs);
        } catch (ApiError error) {
            observer.finished(BATCH_OPERATION, error.code().name(), System.nanoTime() - arrivedNs);
            throw error;
        }
    }

    /** A JSON batch; a refused body that starts like a binary batch gets a hint about the Content-Type it needs. */
    private List<OperationBodies.BatchItem> jsonBatch(byte[] body) {
        try {
            return bodies.batch(body, BATCH_OPERATIONS_MAX);
        } catch (ApiError refused) {
            if (body.length > 0 && body[0] == BatchWire.VERSION && refused.code() == ApiErrorCode.BAD_REQUEST) {
                throw ApiError.badRequest(refused.getMessage() + "; a binary batch needs 'Content-Type: "
                        + BatchWire.CONTENT_TYPE + "'");
            }
            throw refused;
        }
    }

    /**
     * Answers a batch in the encoding it came in. {@code rejected} holds, at each index, the result
     * of an operation the command parser refused before the cluster (an argument too long, a count
     * that is not a number), else null.
     */
    private void answerBatch(Context context, boolean binary, List<OperationBodies.BatchItem> items, Result[] rejected,
            List<Integer> submitted, FrontEndGateway.Outcomes outcomes, long arrivedNs) {
        // One timer for the whole batch, not one per operation: a timer costs more than the rest
        // of an operation's handling here. Operations still unanswered when it fires are TIMED_OUT.
        context.future(() -> outcomes.done().copy().orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS).handle((done, failure) -> {
            Reply[] replies = new Reply[items.size()];
            for (int index = 0; index < replies.length; index++) {
                if (rejected[index] != null) {
                    replies[index] = new MarketReply(rejected[index]);
                }
            }
            for (int position = 0; position < outcomes.size(); position++) {
                RequestOutcome outcome = outcomes.get(position);
                replies[submitted.get(position)] = binary ? binaryReplyTo(outcome) : replyTo(outcome, RETRY_BATCH);
            }
            observeBatch(items, replies, System.nanoTime() - arrivedNs);
            if (binary) {
                context.contentType(BatchWire.CONTENT_TYPE).result(BatchWire.encodeAnswer(binaryEntries(replies)));
            } else {
                context.contentType("application/json").result(jsonBatchAnswer(replies));
            }
            return null;
        }));
    }

    private static final String RETRY_BATCH = "retry the batch";

    /** Tells the observer about a batch's operations, a run of alike neighbours at a time. */
    private void observeBatch(List<OperationBodies.BatchItem> items, Reply[] replies, long elapsedNs) {
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

    /**
     * An outcome for the binary batch: an agreed result passes through as the replicas' bytes,
     * undecoded (decoding and encoding them again is most of what the binary format saves); only
     * its first two bytes are checked, for the code the metrics count.
     */
    private static Reply binaryReplyTo(RequestOutcome outcome) {
        if (outcome == null || outcome.status() != RequestOutcome.Status.AGREED) {
            return replyTo(outcome, RETRY_BATCH);
        }
        ResultCode code = BatchWire.resultCode(outcome.result());
        return code == null ? badResult() : new AgreedBytes(outcome.result(), code);
    }

    private static List<BatchWire.Entry> binaryEntries(Reply[] replies) {
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
        return entries;
    }

    /** Straight to bytes: a batch's answer is large, and a String in between doubles the copying. */
    private static byte[] jsonBatchAnswer(Reply[] replies) {
        List<Object> results = new ArrayList<>(replies.length);
        for (Reply reply : replies) {
            if (reply instanceof MarketReply market) {
                results.add(ResultJson.of(market.result()));
            } else if (reply instanceof Refusal refusal) {
                results.add(BatchRefusal.of(refusal.apiCode(), refusal.message()));
            } else {
                throw new IllegalStateException("undecoded result bytes in a JSON answer: " + reply);
            }
        }
        try {
            return ANSWER_JSON.writeValueAsBytes(new BatchAnswer(results));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch answer is plain records and always encodes", e);
        }
    }

    /** What an outcome means to the client, for one operation and for a batch alike. */
    private sealed interface Reply permits MarketReply, AgreedBytes, Refusal {
        /** The code the metrics count the operation under. */
        String code();
    }

    /** The market's result: a success or a business error. */
    private record MarketReply(Result result) implements Reply {
        @Override
        public String code() {
            return result.code().name();
        }
    }

    /** The canonical bytes of an agreed market result, left undecoded for the binary batch. */
    private record AgreedBytes(byte[] result, ResultCode resultCode) implements Reply {
        @Override
        public String code() {
            return resultCode.name();
        }
    }

    /** No result the client can trust, and what to do about it. */
    private record Refusal(ApiErrorCode apiCode, String message) implements Reply {
        @Override
        public String code() {
            return apiCode.name();
        }
    }

    /**
     * Maps an outcome to its reply. A null outcome timed out here, at the gateway.
     *
     * @param retry how to retry safely: "retry" for one operation, "retry the batch" for a batch
     */
    private static Reply replyTo(RequestOutcome outcome, String retry) {
        if (outcome == null) {
            return timedOut(retry);
        }
        return switch (outcome.status()) {
            case AGREED -> ResultCodec.decode(outcome.result()).<Reply>map(MarketReply::new).orElseGet(HttpApi::badResult);
            case NO_QUORUM -> new Refusal(ApiErrorCode.NO_QUORUM,
                    "the replicas did not agree on a result; nothing can be trusted, retry later");
            case OVERLOADED -> new Refusal(ApiErrorCode.OVERLOADED, "the cluster is busy; retry later");
            case TIMED_OUT -> timedOut(retry);
        };
    }

    private static Refusal badResult() {
        return new Refusal(ApiErrorCode.BAD_RESULT, "the replicas agreed on a result that does not decode");
    }

    /** Built only when needed: every operation of a batch goes through {@link #replyTo}. */
    private static Refusal timedOut(String retry) {
        return new Refusal(ApiErrorCode.TIMED_OUT,
                "the cluster did not answer in time; " + retry + " with the same Idempotency-Key to be safe");
    }

    private static final ObjectMapper ANSWER_JSON = new ObjectMapper();

    /** The label under which refused batches show in the metrics. */
    static final String BATCH_OPERATION = "batch";

    /** The answer to a batch: one entry per operation, in the order given. */
    public record BatchAnswer(List<Object> results) {}

    /** An operation of a batch the cluster gave no result for, in the refusal shape of one operation. */
    public record BatchRefusal(boolean ok, String code, String message) {
        static BatchRefusal of(ApiErrorCode code, String message) {
            return new BatchRefusal(false, code.name(), message);
        }
    }

    /**
     * The body, read only now that the key is known good. A body over {@code bytesMax} is refused
     * unread when its length is declared, and after reading (bounded by the server's limit) when
     * it is chunked.
     */
    private static byte[] body(Context context, int bytesMax) {
        if (context.contentLength() > bytesMax) {
            throw ApiError.bodyTooLarge(bytesMax);
        }
        byte[] body;
        try {
            body = context.bodyAsBytes();
        } catch (HttpResponseException e) {
            if (e.getStatus() == ApiErrorCode.BODY_TOO_LARGE.httpStatus()) {
                throw ApiError.bodyTooLarge(bytesMax);
            }
            throw e;
        }
        if (body.length > bytesMax) {
            throw ApiError.bodyTooLarge(bytesMax);
        }
        return body;
    }

    private static ApiError unknownOperation(Context context) {
        return new ApiError(ApiErrorCode.UNKNOWN_OPERATION, "unknown operation '"
                + OperationBodies.shorten(context.pathParam("operation")) + "'; operations are "
                + String.join(", ", Operations.ALL.keySet()));
    }

    /** Writes the answer to a submitted request; returns its code. A null outcome timed out here. */
    private String answer(Context context, RequestOutcome outcome) {
        Reply reply = replyTo(outcome, "retry");
        if (reply instanceof MarketReply market) {
            answerResult(context, market.result());
            return market.result().code().name();
        }
        Refusal refusal = (Refusal) reply;
        return refuse(context, refusal.apiCode(), refusal.message());
    }

    private static String refuse(Context context, ApiErrorCode code, String message) {
        HttpServer.refuse(context, new ApiError(code, message));
        return code.name();
    }

    private static void answerResult(Context context, Result result) {
        context.json(ResultJson.of(result));
    }

    private String authenticate(Context context) {
        String header = context.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiError.notAuthenticated("missing API key: send 'Authorization: Bearer KEY' "
                    + "(an operator issues keys with 'dsms keys issue USERID')");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw ApiError.notAuthenticated("the Authorization header must be 'Bearer KEY'");
        }
        String key = header.substring(BEARER.length()).trim();
        return keys.verify(key).orElseThrow(() -> ApiError.notAuthenticated("the API key is not valid for this cluster"));
    }

    /**
     * A fresh request ID, or with an idempotency key one derived from the user and the key, so a
     * retry (even through a restarted front end) reuses it and never executes twice.
     */
    private RequestId requestId(String userId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new RequestId(clientId, counter.incrementAndGet());
        }
        checkIdempotencyKey(idempotencyKey);
        return derivedRequestId(userId + "\n" + idempotencyKey);
    }

    /** A request ID that depends only on {@code material}, the same through any front end. */
    private static RequestId derivedRequestId(String material) {
        byte[] digest = sha256(material);
        long derived = 0;
        for (int index = 0; index < Long.BYTES; index++) {
            derived = (derived << 8) | (digest[index] & 0xFF);
        }
        return new RequestId(derived, 0);
    }

    private static void checkIdempotencyKey(String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > IDEMPOTENCY_KEY_LENGTH_MAX)) {
            throw ApiError.badRequest(IDEMPOTENCY_HEADER + " must have 1 to " + IDEMPOTENCY_KEY_LENGTH_MAX + " characters");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] loadOpenApiDocument() {
        try (InputStream input = HttpApi.class.getResourceAsStream("/dsms/web/openapi.json")) {
            if (input == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the jar");
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document", e);
        }
    }

    /** The JSON shape of a market result, shared with the CLI. */
    public record ResultJson(boolean ok, String code, String message, Object data) {
        public static ResultJson of(Result result) {
            return new ResultJson(result.ok(), result.code().name(), result.message(),
                    result.data() == null ? Map.of() : result.data());
        }
    }
}
