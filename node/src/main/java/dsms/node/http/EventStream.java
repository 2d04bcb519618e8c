package dsms.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Server-sent events for the dashboard: {@code GET /api/v1/events} streams a {@code status}
 * event (the status JSON) on connect and at every {@link #publish()}. At most {@link #CLIENTS_MAX}
 * streams are open at once; one more is refused as {@code OVERLOADED}.
 */
public final class EventStream implements Routes {
    public static final String PATH = "/api/v1/events";
    public static final String STATUS_EVENT = "status";
    static final int CLIENTS_MAX = 64;

    private final ObjectMapper json = new ObjectMapper();
    private final Supplier<Map<String, Object>> status;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    /** Streams admitted, counted before they are attached so the bound holds under a burst. */
    private final AtomicInteger admitted = new AtomicInteger();

    public EventStream(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::open);
    }

    private void open(Context context) throws Exception {
        String accept = context.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiError(ApiErrorCode.NOT_ACCEPTABLE, "this is an event stream: send 'Accept: text/event-stream'");
        }
        if (admitted.incrementAndGet() > CLIENTS_MAX) {
            admitted.decrementAndGet();
            throw new ApiError(ApiErrorCode.OVERLOADED, "too many open event streams (" + CLIENTS_MAX + "); retry later");
        }
        new SseHandler(this::attach).handle(context);
    }

    private void attach(SseClient client) {
        client.keepAlive();
        client.onClose(() -> forget(client));
        clients.add(client);
        client.sendEvent(STATUS_EVENT, render());
    }

    /** Sends the current status to every open stream. */
    public void publish() {
        if (clients.isEmpty()) {
            return;
        }
        String payload = render();
        for (SseClient client : clients) {
            if (!client.terminated()) {
                client.sendEvent(STATUS_EVENT, payload);
            }
            if (client.terminated()) {
                forget(client);
            }
        }
    }

    /** Drops a closed stream once, whether Javalin's close callback or a failed write saw it first. */
    private void forget(SseClient client) {
        if (clients.remove(client)) {
            admitted.decrementAndGet();
        }
    }

    /** Open streams, for tests and logs. */
    public int openStreams() {
        return clients.size();
    }

    private String render() {
        try {
            return json.writeValueAsString(status.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status does not serialise", e);
        }
    }
}
