package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.http.BatchWire.Call;
import dsms.node.http.BatchWire.ResultEntry;
import dsms.node.testing.LoopbackCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch endpoint in the binary batch format against a live front end: the same operations and
 * answers as JSON, the same checks (key, acting user, malformed bodies, idempotency), answered in
 * binary with the canonical result bytes the replicas agreed on.
 */
class BinaryBatchApiTest {
    private static final String ADMIN = "LONA0001";
    private static final String BUYER = "LONB0042";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoopbackCluster cluster;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static HttpResponse<byte[]> post(String apiKey, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.baseUrl() + HttpApi.BATCH_PATH))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", BatchWire.CONTENT_TYPE)
                .header("Authorization", "Bearer " + apiKey).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The results of a binary batch answered 200 in binary, decoded as a client would. */
    private static List<Result> results(String userId, List<Call> calls, Map<String, String> headers) throws Exception {
        HttpResponse<byte[]> response = post(cluster.keyOf(userId), BatchWire.encodeRequest(calls), headers);
        assertThat(response.statusCode()).as("status; body %s", new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(BatchWire.isBinary(type)).as(type).isTrue());
        BatchWire.Answer answer = BatchWire.decodeAnswer(response.body()).orElseThrow();
        List<Result> results = new ArrayList<>();
        for (BatchWire.Entry entry : answer.entries()) {
            assertThat(entry).as("no refusals on a healthy cluster").isInstanceOf(ResultEntry.class);
            results.add(ResultCodec.decode(((ResultEntry) entry).result()).orElseThrow());
        }
        return results;
    }

    private static JsonNode refusal(String apiKey, byte[] body) throws Exception {
        HttpResponse<byte[]> response = post(apiKey, body, Map.of());
        JsonNode error = JSON.readTree(response.body());
        assertThat(response.statusCode()).as("status of %s", error).isGreaterThanOrEqualTo(400);
        return error;
    }

    private static Call addShare(String shareId, int capacity) {
        return new Call("addShare", List.of(shareId, "EQUITY", String.valueOf(capacity)));
    }

    @Test
    void shouldAnswerEveryOperationWithTheAgreedResultInTheOrderGiven() throws Exception {
        List<Result> added = results(ADMIN, List.of(addShare("LONM010128", 10), addShare("LONM020128", 10),
                addShare("LONM010128", 10)), Map.of());
        assertThat(added).extracting(Result::code).containsExactly(ResultCode.OK, ResultCode.OK, ResultCode.SHARE_EXISTS);

        List<Result> traded = results(BUYER, List.of(
                new Call("purchaseShare", List.of("LONM020128", "EQUITY", "3")),
                new Call("purchaseShare", List.of("LONM020128", "EQUITY", "-1")),
                new Call("addShare", List.of("LONM030128", "EQUITY", "5")),
                new Call("getShares", List.of())), Map.of());

        assertThat(((ResultData.SharePurchased) traded.get(0).data()).purchased()).isEqualTo(3);
        assertThat(traded.get(1).code()).as("a negative count, refused as one operation would be")
                .isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(traded.get(2).code()).as("a buyer cannot add shares: the role comes from the key")
                .isEqualTo(ResultCode.NOT_AUTHORIZED);
        List<ResultData.Holding> holdings = ((ResultData.HoldingList) traded.get(3).data()).holdings();
        assertThat(holdings).singleElement().satisfies(holding -> {
            assertThat(holding.shareId()).isEqualTo("LONM020128");
            assertThat(holding.count()).isEqualTo(3);
        });
        JsonNode inJson = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(cluster.baseUrl()
                        + HttpApi.OPERATIONS_PATH + "getShares")).header("Authorization", "Bearer " + cluster.keyOf(BUYER))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(inJson.path("message").asText()).as("the same result as over JSON").isEqualTo(traded.get(3).message());
    }

    @Test
    void shouldRefuseMalformedBinaryBatchesInJsonWithTheIndexAndRunNothing() throws Exception {
        byte[] body = BatchWire.encodeRequest(List.of(addShare("LONM010228", 10), new Call("getShares", List.of())));
        body[body.length - 2] = 9;

        JsonNode unknown = refusal(cluster.keyOf(ADMIN), body);
        assertThat(unknown.path("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(unknown.path("message").asText()).contains("operations[1]: unknown operation number 9");

        JsonNode usage = refusal(cluster.keyOf(ADMIN), BatchWire.encodeRequest(List.of(addShare("LONM010228", 10),
                new Call("addShare", List.of("LONM020228", "EQUITY")))));
        assertThat(usage.path("message").asText()).contains("operations[1]").contains("wrong number of arguments");
        assertThat(refusal(cluster.keyOf(ADMIN), new byte[] {1}).path("code").asText()).isEqualTo("BAD_REQUEST");
        HttpResponse<byte[]> asJson = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.baseUrl() + HttpApi.BATCH_PATH))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + cluster.keyOf(ADMIN))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BatchWire.encodeRequest(List.of(addShare("LONM010228", 10)))))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(asJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(asJson.body()).path("message").asText()).as("a hint for a binary body sent as JSON")
                .contains("needs 'Content-Type: application/vnd.dsms.batch'");
        assertThat(refusal("not-a-key", BatchWire.encodeRequest(List.of(new Call("getShares", List.of()))))
                .path("code").asText()).isEqualTo("NOT_AUTHENTICATED");

        assertThat(results(ADMIN, List.of(addShare("LONM050228", 10)), Map.of()).get(0).code()).isEqualTo(ResultCode.OK);
        List<Result> listing = results(ADMIN, List.of(new Call("listShareAvailability", List.of("EQUITY"))), Map.of());
        assertThat(((ResultData.ShareAvailabilityList) listing.get(0).data()).shares())
                .as("nothing of the refused batches ran").extracting(ResultData.ShareAvailability::shareId)
                .contains("LONM050228").doesNotContain("LONM010228");
    }

    @Test
    void shouldExecuteARetriedBinaryBatchWithTheSameIdempotencyKeyOnlyOnce() throws Exception {
        assertThat(results(ADMIN, List.of(addShare("LONM010328", 10)), Map.of()).get(0).code()).isEqualTo(ResultCode.OK);
        List<Call> buys = List.of(new Call("purchaseShare", List.of("LONM010328", "EQUITY", "4")),
                new Call("sellShare", List.of("LONM010328", "1")));
        Map<String, String> key = Map.of("Idempotency-Key", "binary-batch-1");

        List<Result> first = results("LONB0043", buys, key);
        List<Result> retry = results("LONB0043", buys, key);

        assertThat(((ResultData.ShareSold) first.get(1).data()).held()).isEqualTo(3);
        assertThat(retry).isEqualTo(first);
        List<Result> holdings = results("LONB0043", List.of(new Call("getShares", List.of())), Map.of());
        assertThat(((ResultData.HoldingList) holdings.get(0).data()).holdings().get(0).count()).isEqualTo(3);
    }

    @Test
    void shouldAnswerABatchTheCommandParserRefusedWholeWithoutWaitingForTheCluster() throws Exception {
        // Counts that are not numbers: refused by the command parser, before the cluster.
        byte[] body = BatchWire.encodeRequest(List.of(new Call("purchaseShare", List.of("LONM010428", "EQUITY", "ten")),
                new Call("sellShare", List.of("LONM010428", "x"))));
        // Nothing of it reaches the cluster, so nothing is awaited: a few seconds are plenty,
        // against the front end's request timeout of eleven.
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.baseUrl() + HttpApi.BATCH_PATH))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", BatchWire.CONTENT_TYPE)
                .header("Authorization", "Bearer " + cluster.keyOf(BUYER)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BatchWire.decodeAnswer(response.body()).orElseThrow().entries()).hasSize(2).allSatisfy(entry ->
                assertThat(BatchWire.resultCode(((ResultEntry) entry).result())).isEqualTo(ResultCode.INVALID_ARGUMENT));
    }
}
