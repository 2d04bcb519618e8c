package dsms.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.market.codec.CommandCodec;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.market.result.Result;
import dsms.node.http.BatchReplies.MarketReply;
import dsms.node.http.BatchReplies.Refusal;
import dsms.node.http.BatchReplies.Reply;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    static final String IDEMPOTENCY_HEADER = BatchIntake.IDEMPOTENCY_HEADER;
    static final int IDEMPOTENCY_KEY_LENGTH_MAX = BatchIntake.IDEMPOTENCY_KEY_LENGTH_MAX;
    private static final String BEARER = "bearer ";

    private final FrontEndGateway gateway;
    private final ApiKeys keys;
    private final Supplier<Map<String, Object>> status;
    private final long requestTimeoutMs;
    private final BatchIntake intake;
    private final OperationBodies bodies = new OperationBodies();
    private final RequestObserver observer;
    private final byte[] openApiDocument = loadOpenApiDocument();

    public HttpApi(FrontEndGateway gateway, ApiKeys keys, Supplier<Map<String, Object>> status, long requestTimeoutMs,
            BatchIntake intake, RequestObserver observer) {
        this.gateway = gateway;
        this.keys = keys;
        this.status = status;
        this.requestTimeoutMs = requestTimeoutMs;
        this.intake = intake;
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
            RequestId requestId = intake.requestId(userId, context.header(IDEMPOTENCY_HEADER));
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
            BatchIntake.Prepared prepared = intake.prepare(userId, items, context.header(IDEMPOTENCY_HEADER));
            answerBatch(context, binary, prepared, gateway.submitAll(prepared.requestIds(), prepared.commands()), arrivedNs);
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

    /** Answers a batch in the encoding it came in. */
    private void answerBatch(Context context, boolean binary, BatchIntake.Prepared prepared,
            FrontEndGateway.Outcomes outcomes, long arrivedNs) {
        // One timer for the whole batch, not one per operation: a timer costs more than the rest
        // of an operation's handling here. Operations still unanswered when it fires are TIMED_OUT.
        context.future(() -> outcomes.done().copy().orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS).handle((done, failure) -> {
            Reply[] replies = BatchReplies.replies(prepared, binary, outcomes::get);
            BatchReplies.observe(observer, prepared.items(), replies, System.nanoTime() - arrivedNs);
            if (binary) {
                context.contentType(BatchWire.CONTENT_TYPE).result(BatchReplies.binaryAnswer(replies));
            } else {
                context.contentType("application/json").result(jsonBatchAnswer(replies));
            }
            return null;
        }));
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
        Reply reply = BatchReplies.replyTo(outcome, "retry");
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
