package dsms.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP calls to a front end, for tests that check exactly what goes over the wire. */
public final class ApiCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An answer: the HTTP status, its JSON body (an empty object if the body is not JSON) and headers. */
    public record Answer(int status, JsonNode body, HttpResponse<String> response) {
        public String code() {
            return body.path("code").asText();
        }

        public boolean ok() {
            return body.path("ok").asBoolean(false);
        }
    }

    /** POSTs {@code body} to the operation as the holder of {@code apiKey} (null sends no key). */
    public Answer operation(String operation, String apiKey, String body) {
        return operation(operation, apiKey, body, Map.of());
    }

    public Answer operation(String operation, String apiKey, String body, Map<String, String> headers) {
        return post("/api/v1/operations/" + operation, apiKey, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    public Answer post(String path, String apiKey, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(body);
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public Answer get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
