package dsms.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end's HTTP server: the parts' routes, a body limit, and one JSON error shape
 * ({@code {"ok":false,"code","message"}}) for every refusal, whether an API error, a path that
 * does not exist, a wrong method, an oversized body or a bug.
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Marks a response already written as a JSON refusal, so Javalin's status handlers leave it. */
    private static final String REFUSED_ATTRIBUTE = "dsms.refused";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer() {}

    /** Starts serving {@code parts} on {@code host:port} (0 picks a free port). */
    public static Javalin start(String host, int port, List<Routes> parts) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            // The largest body any endpoint takes; each endpoint checks its own, smaller limit too.
            config.http.maxRequestSize = HttpApi.BATCH_BODY_BYTES_MAX;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            parts.forEach(part -> part.register(config.routes));
            config.routes.exception(ApiError.class, (error, context) -> refuse(context, error));
            config.routes.exception(HttpResponseException.class, (error, context) ->
                    refuse(context, fromStatus(error.getStatus(), error.getMessage())));
            config.routes.exception(Exception.class, (error, context) -> {
                LOG.error("HTTP {} {} failed", context.method(), context.path(), error);
                refuse(context, new ApiError(ApiErrorCode.INTERNAL_ERROR, "the front end failed: " + error));
            });
            for (int status : List.of(404, 405, 413)) {
                config.routes.error(status, context -> {
                    if (context.attribute(REFUSED_ATTRIBUTE) == null) {
                        refuse(context, fromStatus(status, null));
                    }
                });
            }
        }).start();
    }

    /** Answers with {@code error} as the JSON refusal shape. */
    public static void refuse(Context context, ApiError error) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", false).put("code", error.code().name()).put("message", error.getMessage());
        if (error.code() == ApiErrorCode.NOT_AUTHENTICATED) {
            context.header("WWW-Authenticate", "Bearer realm=\"dsms\"");
        }
        context.attribute(REFUSED_ATTRIBUTE, Boolean.TRUE);
        context.status(error.status()).contentType("application/json").result(body.toString());
    }

    private static ApiError fromStatus(int status, String detail) {
        return switch (status) {
            case 404 -> new ApiError(ApiErrorCode.NOT_FOUND, "no such endpoint; the API is described at "
                    + HttpApi.OPENAPI_PATH);
            case 405 -> new ApiError(ApiErrorCode.METHOD_NOT_ALLOWED, "this endpoint does not take this method; "
                    + "see " + HttpApi.OPENAPI_PATH);
            case 413 -> ApiError.bodyTooLarge();
            case 400 -> ApiError.badRequest(detail == null ? "bad request" : detail);
            default -> new ApiError(ApiErrorCode.INTERNAL_ERROR, "HTTP " + status + (detail == null ? "" : ": " + detail));
        };
    }
}
