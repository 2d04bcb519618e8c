package dsms.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A dashboard's view of the front end: reads {@code /api/v1/events} on a thread of its own and
 * keeps the latest status event. Closing it closes the connection and ends the thread.
 */
public final class StatusStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputStream body;
    private final Thread reader;
    private final AtomicReference<JsonNode> latest = new AtomicReference<>();
    private final AtomicInteger events = new AtomicInteger();

    private StatusStream(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "test-status-stream");
        reader.setDaemon(true);
        reader.start();
    }

    public static StatusStream open(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events"))
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<InputStream> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IllegalStateException("the event stream answered HTTP " + response.statusCode());
            }
            return new StatusStream(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:") && "status".equals(event)) {
                    latest.set(JSON.readTree(line.substring("data:".length()).trim()));
                    events.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // Closing the stream ends the read with an exception: the stream is over either way.
        }
    }

    /** The latest status event, or null before the first. */
    public JsonNode latest() {
        return latest.get();
    }

    /** Status events received so far. */
    public int events() {
        return events.get();
    }

    /** The status of replica {@code id} in the latest event, or null. */
    public String replicaStatus(String id) {
        JsonNode status = latest();
        if (status == null) {
            return null;
        }
        for (JsonNode replica : status.path("replicas")) {
            if (replica.path("id").asText().equals(id)) {
                return replica.path("status").asText();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        body.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
