package dsms.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.market.result.ResultCode;
import dsms.node.http.Operations;
import dsms.node.http.Operations.Field;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Runs operations as one user through the front end's HTTP API. The command line is checked here
 * first with the market's own parser, so a malformed line never reaches the cluster and gets the
 * answer the API would give.
 */
final class OperationClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final String baseUrl;
    private final String apiKey;
    private final String userId;
    private final Duration requestTimeout;

    OperationClient(String baseUrl, String apiKey, String userId, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.userId = userId;
        this.requestTimeout = requestTimeout;
    }

    Outcome run(String operation, List<String> arguments) {
        ParseOutcome parsed = Commands.parse(userId, operation, arguments);
        if (parsed instanceof ParseOutcome.UsageError usage) {
            return Outcome.usageError(usage.message());
        }
        if (parsed instanceof ParseOutcome.Rejected rejected) {
            return new Outcome(Outcome.Kind.BUSINESS_ERROR, ResultCode.INVALID_ARGUMENT.name(), rejected.message(), null);
        }
        return send(operation, body(operation, arguments));
    }

    /** The JSON body: arguments in command-line order, counts as JSON integers (the parser checked them). */
    private ObjectNode body(String operation, List<String> arguments) {
        ObjectNode body = json.createObjectNode();
        List<Field> fields = Operations.ALL.get(operation).fields();
        for (int index = 0; index < arguments.size() && index < fields.size(); index++) {
            Field field = fields.get(index);
            if (field.kind() == Operations.FieldKind.COUNT) {
                body.put(field.name(), new BigInteger(arguments.get(index)));
            } else {
                body.put(field.name(), arguments.get(index));
            }
        }
        return body;
    }

    private Outcome send(String operation, ObjectNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/operations/" + operation))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Outcome.ofAnswer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            return Outcome.unavailable("cannot reach the front end at " + baseUrl + " (" + describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.unavailable("interrupted");
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode().put("ok", false).put("code", Outcome.UNAVAILABLE)
                    .put("message", "the front end answered something that is not JSON");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
