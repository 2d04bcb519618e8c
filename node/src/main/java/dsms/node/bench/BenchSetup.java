package dsms.node.bench;

import dsms.node.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Creates the shares a run trades and gives swapping clients their first holding. */
final class BenchSetup {
    static final String ADMIN = "NYKA0001";
    static final long CAPACITY = 1_000_000_000L;

    private BenchSetup() {}

    static boolean prepare(String baseUrl, ApiKeys keys, int clients, BenchWorkload workload) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String shareId : BenchWorkload.SHARE_IDS) {
            String body = post(http, baseUrl, keys.issue(ADMIN), "addShare",
                    "{\"shareId\":\"" + shareId + "\",\"shareType\":\"EQUITY\",\"capacity\":" + CAPACITY + "}");
            if (!body.contains("\"OK\"") && !body.contains("SHARE_EXISTS")) {
                System.err.println("dsms: cannot create the benchmark's shares: " + body);
                return false;
            }
        }
        if (workload == BenchWorkload.SWAP) {
            // Each swapping client starts holding the first share (or already does from a previous run).
            for (int client = 0; client < clients; client++) {
                post(http, baseUrl, keys.issue(BenchCommand.buyer(client)), "purchaseShare",
                        "{\"shareId\":\"" + BenchWorkload.SHARE_IDS.get(0) + "\",\"shareType\":\"EQUITY\",\"count\":1}");
            }
        }
        return true;
    }

    private static String post(HttpClient http, String baseUrl, String key, String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/operations/" + operation))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
