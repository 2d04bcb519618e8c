package dsms.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Creates the shares a run trades and gives swapping clients their first holdings, before the
 * clock starts. This is not the hot path, so it uses the JDK's HTTP client and reads answers as
 * JSON trees. With {@code --batch} it uses the batch endpoint too, since a run of batches of
 * 1,000 needs 1,000 shares (2,000 for swaps) and each buyer 1,000 holdings to swap.
 */
final class BenchSetup {
    static final String ADMIN = "NYKA0001";
    static final long CAPACITY = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Setup could not be done; the message is for the user. */
    static final class SetupException extends Exception {
        SetupException(String message) {
            super(message);
        }
    }

    private final BenchRequests.Endpoint endpoint;
    private final ApiKeys keys;
    private final int batch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    BenchSetup(BenchRequests.Endpoint endpoint, ApiKeys keys, int batch) {
        this.endpoint = endpoint;
        this.keys = keys;
        this.batch = batch;
    }

    void prepare(int clients, BenchWorkload workload) throws SetupException, InterruptedException {
        List<BenchWorkload.Operation> additions = new ArrayList<>();
        for (BenchWorkload.Share share : workload.sharesToCreate(batch)) {
            additions.add(new BenchWorkload.Operation("addShare", List.of(share.shareId(), share.shareType(), String.valueOf(CAPACITY))));
        }
        for (JsonNode result : run(ADMIN, additions)) {
            String code = result.path("code").asText();
            if (!code.equals("OK") && !code.equals("SHARE_EXISTS")) {
                throw new SetupException("cannot create the benchmark's shares: " + code + ": " + result.path("message").asText());
            }
        }
        // Each swapping client starts holding every slot's first share, or already does from a
        // previous run (then the purchase answers ALREADY_HELD, or DAILY_LIMIT if it holds the
        // slot's other share: the run's first swaps put it back in step).
        List<BenchWorkload.Operation> purchases = workload.holdingsToBuy(batch);
        for (int client = 0; client < clients && !purchases.isEmpty(); client++) {
            run(BenchCommand.buyer(client), purchases);
        }
    }

    /** Runs the operations as {@code user}, in batches when the run uses them; returns every result. */
    private List<JsonNode> run(String user, List<BenchWorkload.Operation> operations) throws SetupException, InterruptedException {
        List<JsonNode> results = new ArrayList<>();
        if (batch == 1) {
            for (BenchWorkload.Operation operation : operations) {
                results.add(post(user, BenchRequests.OPERATIONS_PATH + operation.name(), operation.body()));
            }
            return results;
        }
        for (int from = 0; from < operations.size(); from += BenchWorkload.SLOTS_MAX) {
            StringJoiner body = new StringJoiner(",", "{\"operations\":[", "]}");
            for (BenchWorkload.Operation operation : operations.subList(from, Math.min(operations.size(), from + BenchWorkload.SLOTS_MAX))) {
                body.add(operation.batchElement());
            }
            post(user, BenchRequests.BATCH_PATH, body.toString()).path("results").forEach(results::add);
        }
        return results;
    }

    private JsonNode post(String user, String path, String body) throws SetupException, InterruptedException {
        String url = endpoint.url() + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + keys.issue(user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // The JDK's client gives no message here; the usual cause is a cluster that is not running.
            throw new SetupException("cannot connect to the front end at " + endpoint.url() + " (is the cluster up?)");
        } catch (IOException e) {
            throw new SetupException("cannot reach the front end at " + endpoint.url() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (response.statusCode() == 404 && path.equals(BenchRequests.BATCH_PATH)) {
            throw new SetupException("the front end at " + endpoint.url() + " has no batch endpoint (POST "
                    + BenchRequests.BATCH_PATH + "); run without --batch");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SetupException("the front end answered " + url + " with HTTP " + response.statusCode()
                    + " and a body that is not JSON");
        }
        if (response.statusCode() != 200) {
            throw new SetupException("the front end refused " + path + " with HTTP " + response.statusCode() + ": "
                    + answer.path("code").asText() + ": " + answer.path("message").asText());
        }
        return answer;
    }
}
