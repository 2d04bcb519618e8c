package dsms.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.ParseOutcome;
import dsms.market.command.Commands;
import dsms.market.result.Result;
import dsms.node.process.FrontEndGateway;
import dsms.node.security.ApiKeys;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.RequestId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The front end's HTTP/JSON API: {@code POST /api/v1/operations/{operation}} with the operation's
 * fields as a JSON object, authenticated by an API key ({@code Authorization: Bearer KEY}); the
 * acting user always comes from the key. {@code GET /api/v1/status} describes the cluster.
 *
 * <p>Answers have the shape of the CLI's {@code --json}: {@code {"ok", "code", "message",
 * "data"}}. Market results (success or a business error) are 200; requests refused before the
 * market are 4xx with their own codes; a cluster that cannot answer is 503 or 504.
 */
public final class HttpApi {
    /** Commands are a few short fields; anything larger is refused unread. */
    public static final int REQUEST_BODY_BYTES_MAX = 4_096;
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_LENGTH_MAX = 128;

    private final ObjectMapper json = new ObjectMapper();
    private final FrontEndGateway gateway;
    private final ApiKeys keys;
    private final Supplier<Object> status;
    private final long requestTimeoutMs;
    /** This front end incarnation's client number: request IDs never collide across restarts. */
    private final long clientId;
    private final AtomicLong counter = new AtomicLong();

    public HttpApi(FrontEndGateway gateway, ApiKeys keys, Supplier<Object> status, long requestTimeoutMs,
            long clientId) {
        this.gateway = gateway;
        this.keys = keys;
        this.status = status;
        this.requestTimeoutMs = requestTimeoutMs;
        this.clientId = clientId;
    }

    /** Starts the server on {@code host:port}. */
    public Javalin start(String host, int port) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = REQUEST_BODY_BYTES_MAX;
            config.startup.showJavalinBanner = false;
            config.routes.post("/api/v1/operations/{operation}", this::operation);
            config.routes.get("/api/v1/status", context -> context.json(status.get()));
            config.routes.exception(ApiError.class, (error, context) -> refuse(context, error));
            config.routes.exception(Exception.class, (error, context) ->
                    refuse(context, new ApiError(500, "INTERNAL_ERROR", "the front end failed: " + error)));
            config.routes.error(404, context -> {
                if (context.result() == null || context.result().isEmpty()) {
                    refuse(context, new ApiError(404, "NOT_FOUND", "no such endpoint: " + context.path()));
                }
            });
            config.routes.error(413, context -> refuse(context, new ApiError(413, "BODY_TOO_LARGE",
                    "request bodies have at most " + REQUEST_BODY_BYTES_MAX + " bytes")));
        }).start();
    }

    private void operation(Context context) {
        String userId = authenticate(context);
        String operation = context.pathParam("operation");
        List<String> fields = Operations.FIELDS.get(operation);
        if (fields == null) {
            throw new ApiError(404, "UNKNOWN_OPERATION", "unknown operation '" + operation + "'; operations are "
                    + String.join(", ", Operations.FIELDS.keySet()));
        }
        List<String> arguments = arguments(context, fields);
        ParseOutcome parsed = Commands.parse(userId, operation, arguments);
        if (parsed instanceof ParseOutcome.UsageError usage) {
            throw ApiError.badRequest(usage.message());
        }
        if (parsed instanceof ParseOutcome.Rejected rejected) {
            context.json(ResultJson.of(rejected.toResult()));
            return;
        }
        byte[] command = CommandCodec.encode(((ParseOutcome.Parsed) parsed).command());
        RequestId requestId = requestId(userId, context.header(IDEMPOTENCY_HEADER));
        CompletableFuture<RequestOutcome> outcome = gateway.submit(requestId, command);
        context.future(() -> outcome.orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS)
                .handle((answer, failure) -> {
                    answer(context, answer);
                    return null;
                }));
    }

    private void answer(Context context, RequestOutcome outcome) {
        if (outcome == null) {
            refuse(context, new ApiError(504, "TIMED_OUT", "the cluster did not answer in time; "
                    + "retry with the same Idempotency-Key to be safe"));
            return;
        }
        switch (outcome.status()) {
            case AGREED -> {
                Optional<Result> result = ResultCodec.decode(outcome.result());
                if (result.isEmpty()) {
                    refuse(context, new ApiError(502, "BAD_RESULT", "the replicas agreed on a result that does not decode"));
                } else {
                    context.json(ResultJson.of(result.get()));
                }
            }
            case NO_QUORUM -> refuse(context, new ApiError(503, "NO_QUORUM",
                    "the replicas did not agree on a result; nothing can be trusted, retry later"));
            case TIMED_OUT -> refuse(context, new ApiError(504, "TIMED_OUT",
                    "the cluster did not answer in time; retry with the same Idempotency-Key to be safe"));
            case OVERLOADED -> refuse(context, new ApiError(503, "OVERLOADED", "the cluster is busy; retry later"));
        }
    }

    private String authenticate(Context context) {
        String header = context.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiError.notAuthenticated("missing API key: send 'Authorization: Bearer KEY' "
                    + "(an operator issues keys with 'dsms keys issue USERID')");
        }
        String key = header.startsWith("Bearer ") ? header.substring("Bearer ".length()).trim() : header.trim();
        return keys.verify(key).orElseThrow(() -> ApiError.notAuthenticated("the API key is not valid"));
    }

    private List<String> arguments(Context context, List<String> fields) {
        JsonNode body = parseBody(context.bodyAsBytes());
        List<String> arguments = new ArrayList<>();
        for (String field : fields) {
            JsonNode value = body.get(Operations.name(field));
            if (value == null || value.isNull()) {
                if (!Operations.optional(field)) {
                    throw ApiError.badRequest("missing field '" + field + "'; this operation takes " + describe(fields));
                }
                continue;
            }
            if (!value.isTextual() && !value.isIntegralNumber()) {
                throw ApiError.badRequest("field '" + Operations.name(field) + "' must be a string or an integer");
            }
            arguments.add(value.asText());
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (fields.stream().noneMatch(field -> Operations.name(field).equals(name))) {
                throw ApiError.badRequest("unknown field '" + name + "'; this operation takes " + describe(fields));
            }
        }
        return arguments;
    }

    private JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("the body is not valid JSON");
        }
    }

    private static String describe(List<String> fields) {
        return fields.isEmpty() ? "no fields" : String.join(", ", fields.stream().map(Operations::name).toList());
    }

    /**
     * A fresh request ID, or with an idempotency key one derived from the user and the key, so a
     * retry (even through a restarted front end) reuses it and never executes twice.
     */
    private RequestId requestId(String userId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new RequestId(clientId, counter.incrementAndGet());
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > IDEMPOTENCY_KEY_LENGTH_MAX) {
            throw ApiError.badRequest(IDEMPOTENCY_HEADER + " must have 1 to " + IDEMPOTENCY_KEY_LENGTH_MAX + " characters");
        }
        byte[] digest = sha256(userId + "\n" + idempotencyKey);
        long derived = 0;
        for (int index = 0; index < Long.BYTES; index++) {
            derived = (derived << 8) | (digest[index] & 0xFF);
        }
        return new RequestId(derived, 0);
    }

    private void refuse(Context context, ApiError error) {
        ObjectNode body = json.createObjectNode();
        body.put("ok", false).put("code", error.code()).put("message", error.getMessage());
        context.status(error.status()).json(body);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
