package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.ApiCalls.Answer;
import dsms.node.testing.LoopbackCluster;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batch endpoint against a live front end: many operations of one user in one request. */
class BatchApiTest {
    private static final String ADMIN = "TOKA0001";
    private static final String BUYER = "TOKB0042";

    private static LoopbackCluster cluster;
    private static ApiCalls api;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
        api = new ApiCalls(cluster.baseUrl());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Answer batch(String userId, String body, Map<String, String> headers) {
        return api.post(HttpApi.BATCH_PATH, cluster.keyOf(userId), HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** Attempts at sending a body too large before the test gives up on seeing the refusal. */
    private static final int TOO_LARGE_ATTEMPTS_MAX = 5;

    /**
     * Sends a body the server refuses unread, from its declared length. The refusal can come while
     * the client is still sending, and then the client may see the connection close instead of
     * the answer (it does not read while it writes); that is the client's race, not a refusal
     * missing, so the request is sent again, a bounded number of times.
     */
    private static Answer tooLargeRefusal(String body) {
        UncheckedIOException lastClosed = null;
        for (int attempt = 0; attempt < TOO_LARGE_ATTEMPTS_MAX; attempt++) {
            try {
                return batch(BUYER, body, Map.of());
            } catch (UncheckedIOException closed) {
                lastClosed = closed;
            }
        }
        throw lastClosed;
    }

    private static String addShare(String shareId, int capacity) {
        return "{\"operation\":\"addShare\",\"shareId\":\"" + shareId + "\",\"shareType\":\"EQUITY\",\"capacity\":"
                + capacity + "}";
    }

    @Test
    void shouldAnswerEveryOperationOfABatchInTheOrderGiven() {
        String shares = IntStream.range(1, 6).mapToObj(day -> addShare(String.format("TOKM%02d0127", day), 10))
                .collect(Collectors.joining(","));
        Answer added = batch(ADMIN, "{\"operations\":[" + shares + "," + addShare("TOKM010127", 10) + "]}", Map.of());

        assertThat(added.status()).isEqualTo(200);
        JsonNode results = added.body().get("results");
        assertThat(results).hasSize(6);
        for (int index = 0; index < 5; index++) {
            assertThat(results.get(index).get("code").asText()).isEqualTo("OK");
            assertThat(results.get(index).at("/data/shareId").asText()).isEqualTo(String.format("TOKM%02d0127", index + 1));
        }
        assertThat(results.get(5).get("code").asText()).as("the same share twice: the second one exists")
                .isEqualTo("SHARE_EXISTS");

        Answer bought = batch(BUYER, "{\"operations\":[{\"operation\":\"purchaseShare\",\"shareId\":\"TOKM020127\","
                + "\"shareType\":\"EQUITY\",\"count\":3},{\"operation\":\"purchaseShare\",\"shareId\":\"TOKM020127\","
                + "\"shareType\":\"EQUITY\",\"count\":-1},{\"operation\":\"getShares\"}]}", Map.of());
        JsonNode answers = bought.body().get("results");
        assertThat(answers.get(0).at("/data/purchased").asLong()).isEqualTo(3);
        assertThat(answers.get(1).get("code").asText()).as("a negative count, refused by the market as one operation would be")
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(answers.get(2).at("/data/holdings/0/count").asLong()).isEqualTo(3);
    }

    @Test
    void shouldRefuseTheWholeBatchWhenOneOperationIsMalformed() {
        Answer refused = batch(ADMIN, "{\"operations\":[" + addShare("TOKM010227", 10)
                + ",{\"operation\":\"addShare\",\"shareId\":\"TOKM020227\",\"shareType\":\"EQUITY\"}]}", Map.of());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("BAD_REQUEST");
        assertThat(refused.body().get("message").asText()).contains("operations[1]").contains("capacity");
        Answer listing = api.operation("listShareAvailability", cluster.keyOf(ADMIN), "{\"shareType\":\"EQUITY\"}");
        assertThat(listing.body().toString()).as("nothing of the batch ran").doesNotContain("TOKM010227");
    }

    @Test
    void shouldRefuseBatchesThatAreEmptyTooLongOrNotABatch() {
        String tooMany = IntStream.rangeClosed(0, HttpApi.BATCH_OPERATIONS_MAX)
                .mapToObj(index -> "{\"operation\":\"getShares\"}").collect(Collectors.joining(","));

        assertThat(batch(BUYER, "{\"operations\":[]}", Map.of()).body().get("message").asText()).contains("1 to 1000");
        assertThat(batch(BUYER, "{\"operations\":[" + tooMany + "]}", Map.of()).code()).isEqualTo("BAD_REQUEST");
        assertThat(batch(BUYER, "[{\"operation\":\"getShares\"}]", Map.of()).code()).isEqualTo("BAD_REQUEST");
        assertThat(batch(BUYER, "{\"operations\":[{\"operation\":\"stealShares\"}]}", Map.of()).body().get("message")
                .asText()).contains("unknown operation 'stealShares'");
        assertThat(batch(BUYER, "{\"operations\":[{\"operation\":\"getShares\",\"userId\":\"TOKB0001\"}]}", Map.of())
                .body().get("message").asText()).contains("unknown field 'userId'");
        assertThat(batch(BUYER, "{\"operations\":[{\"operation\":\"getShares\"}],\"user\":1}", Map.of()).code())
                .isEqualTo("BAD_REQUEST");
        String padding = "x".repeat(HttpApi.BATCH_BODY_BYTES_MAX);
        assertThat(tooLargeRefusal("{\"operations\":[{\"operation\":\"getShares\",\"p\":\"" + padding + "\"}]}").code())
                .isEqualTo("BODY_TOO_LARGE");
        assertThat(api.post(HttpApi.BATCH_PATH, "not-a-key", HttpRequest.BodyPublishers.ofString("{}"), Map.of())
                .code()).isEqualTo("NOT_AUTHENTICATED");
    }

    @Test
    void shouldExecuteARetriedBatchWithTheSameIdempotencyKeyOnlyOnce() {
        Answer added = batch(ADMIN, "{\"operations\":[" + addShare("TOKM010327", 10) + "]}", Map.of());
        assertThat(added.body().at("/results/0/code").asText()).isEqualTo("OK");
        String buys = "{\"operations\":[{\"operation\":\"purchaseShare\",\"shareId\":\"TOKM010327\","
                + "\"shareType\":\"EQUITY\",\"count\":4},{\"operation\":\"sellShare\",\"shareId\":\"TOKM010327\","
                + "\"count\":1}]}";
        Map<String, String> key = Map.of("Idempotency-Key", "batch-1");

        Answer first = batch("TOKB0043", buys, key);
        Answer retry = batch("TOKB0043", buys, key);

        assertThat(first.body().at("/results/0/data/purchased").asLong()).isEqualTo(4);
        assertThat(first.body().at("/results/1/data/held").asLong()).isEqualTo(3);
        assertThat(retry.body()).isEqualTo(first.body());
        Answer holdings = api.operation("getShares", cluster.keyOf("TOKB0043"), "{}");
        assertThat(holdings.body().at("/data/holdings/0/count").asLong()).isEqualTo(3);
    }
}
