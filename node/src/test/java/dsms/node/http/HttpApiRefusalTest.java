package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ConfigWriter;
import dsms.node.security.ApiKeys;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.ApiCalls.Answer;
import dsms.node.testing.LoopbackCluster;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad requests against a live front end: each gets a clear answer with a stable code, and the
 * market is the same afterwards ({@link #marketIsUnchanged()} reads it after every test).
 */
class HttpApiRefusalTest {
    private static final String ADMIN = "NYKA0001";
    private static final String BUYER = "NYKB0001";
    private static final String OTHER_BUYER = "NYKB0002";
    private static final String SHARE = "{\"shareId\":\"NYKM100226\",\"shareType\":\"EQUITY\"";

    private static LoopbackCluster cluster;
    private static ApiCalls api;
    private static JsonNode listingBefore;
    private static JsonNode holdingsBefore;
    private static JsonNode otherHoldingsBefore;

    @BeforeAll
    static void startClusterWithOneHolding() throws Exception {
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
        api = new ApiCalls(cluster.baseUrl());
        assertThat(api.operation("addShare", key(ADMIN), SHARE + ",\"capacity\":100}").code()).isEqualTo("OK");
        assertThat(api.operation("purchaseShare", key(BUYER), SHARE + ",\"count\":10}").code()).isEqualTo("OK");
        listingBefore = listing();
        holdingsBefore = holdings(BUYER);
        otherHoldingsBefore = holdings(OTHER_BUYER);
        assertThat(listingBefore.toString()).contains("\"remaining\":90");
        assertThat(holdingsBefore.toString()).contains("\"count\":10");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void marketIsUnchanged() {
        assertThat(listing()).isEqualTo(listingBefore);
        assertThat(holdings(BUYER)).isEqualTo(holdingsBefore);
        assertThat(holdings(OTHER_BUYER)).isEqualTo(otherHoldingsBefore);
    }

    private static String key(String userId) {
        return cluster.keyOf(userId);
    }

    private static JsonNode listing() {
        Answer answer = api.operation("listShareAvailability", key(BUYER), "{\"shareType\":\"EQUITY\"}");
        assertThat(answer.code()).isEqualTo("OK");
        return answer.body().get("data");
    }

    private static JsonNode holdings(String buyer) {
        Answer answer = api.operation("getShares", key(buyer), "{}");
        assertThat(answer.code()).isEqualTo("OK");
        return answer.body().get("data");
    }

    private static void assertRefused(Answer answer, int status, String code, String messagePart) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.body().path("ok").asBoolean(true)).isFalse();
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.body().path("message").asText()).contains(messagePart);
        assertThat(answer.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    private static void assertBusinessError(Answer answer, String code) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.code()).isEqualTo(code);
    }

    @Test
    void requestWithoutKeyIsNotAuthenticated() {
        Answer answer = api.operation("purchaseShare", null, SHARE + ",\"count\":5}");
        assertRefused(answer, 401, "NOT_AUTHENTICATED", "missing API key");
        assertThat(answer.response().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"dsms\"");
    }

    @Test
    void keyOutsideTheBearerSchemeIsNotAuthenticated() {
        Answer answer = api.operation("getShares", null, "{}", Map.of("Authorization", "Basic " + key(BUYER)));
        assertRefused(answer, 401, "NOT_AUTHENTICATED", "Bearer KEY");
    }

    @Test
    void tamperedKeyIsNotAuthenticated() {
        String genuine = key(BUYER);
        String tampered = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BB" : "AA");
        assertRefused(api.operation("purchaseShare", tampered, SHARE + ",\"count\":5}"), 401, "NOT_AUTHENTICATED",
                "not valid");
    }

    @Test
    void keyOfAnotherClusterIsNotAuthenticated() {
        String foreignKey = new ApiKeys(ConfigWriter.newSecret(new SecureRandom())).issue(BUYER);
        assertRefused(api.operation("purchaseShare", foreignKey, SHARE + ",\"count\":5}"), 401, "NOT_AUTHENTICATED",
                "not valid");
    }

    @Test
    void keyWithAnotherUsersIdButThisUsersTokenIsNotAuthenticated() {
        String token = key(OTHER_BUYER).substring(key(OTHER_BUYER).indexOf('.'));
        assertRefused(api.operation("purchaseShare", BUYER + token, SHARE + ",\"count\":5}"), 401,
                "NOT_AUTHENTICATED", "not valid");
    }

    @Test
    void bodyCannotNameTheActingUser() {
        Answer answer = api.operation("sellShare", key(OTHER_BUYER),
                "{\"shareId\":\"NYKM100226\",\"count\":10,\"user\":\"" + BUYER + "\"}");
        assertRefused(answer, 400, "BAD_REQUEST", "unknown field 'user'");
        assertThat(answer.body().path("message").asText()).contains("acting user always comes from the API key");
    }

    @Test
    void buyerCannotSellAnotherBuyersHolding() {
        assertBusinessError(api.operation("sellShare", key(OTHER_BUYER), "{\"shareId\":\"NYKM100226\",\"count\":10}"),
                "NOT_HELD");
    }

    @Test
    void buyerCannotRemoveTheShareOthersHold() {
        assertBusinessError(api.operation("removeShare", key(OTHER_BUYER), SHARE + "}"), "NOT_AUTHORIZED");
    }

    @Test
    void adminOfAnotherMarketCannotRemoveOrAddShares() {
        assertBusinessError(api.operation("removeShare", key("LONA0001"), SHARE + "}"), "NOT_AUTHORIZED");
        assertBusinessError(api.operation("addShare", key("TOKA0001"),
                "{\"shareId\":\"NYKA110226\",\"shareType\":\"BONUS\",\"capacity\":5}"), "NOT_AUTHORIZED");
    }

    @Test
    void adminCannotBuy() {
        assertBusinessError(api.operation("purchaseShare", key(ADMIN), SHARE + ",\"count\":5}"), "NOT_AUTHORIZED");
    }

    @Test
    void bodyLargerThanTheLimitIsRefusedUnread() {
        String padding = "x".repeat(HttpApi.REQUEST_BODY_BYTES_MAX);
        Answer answer = api.operation("purchaseShare", key(BUYER), SHARE + ",\"count\":5,\"pad\":\"" + padding + "\"}");
        assertRefused(answer, 413, "BODY_TOO_LARGE", String.valueOf(HttpApi.REQUEST_BODY_BYTES_MAX));
    }

    @Test
    void chunkedBodyLargerThanTheLimitIsRefused() {
        byte[] body = (SHARE + ",\"count\":5,\"pad\":\"" + "y".repeat(2 * HttpApi.REQUEST_BODY_BYTES_MAX) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // No Content-Length: the server learns the size only while reading.
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        Answer answer = api.post("/api/v1/operations/purchaseShare", key(BUYER), chunked, Map.of());
        assertRefused(answer, 413, "BODY_TOO_LARGE", "at most");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2,3]", "\"purchaseShare\"", "42", "null", "{\"shareId\":\"NYKM100226\"} {}",
            "{\"shareId\":\"NYKM100226\",\"shareId\":\"NYKM100226\",\"shareType\":\"EQUITY\",\"count\":1}",
            "\u0000\u0001\u0002garbage\u00ff", "{\"shareId\":\"NYKM100226\",\"shareType\":\"EQUITY\",\"count\":1"})
    void garbledBodyIsABadRequest(String body) {
        assertRefused(api.operation("purchaseShare", key(BUYER), body), 400, "BAD_REQUEST", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"shareId\":\"NYKM100226\",\"shareType\":\"EQUITY\"}", ""})
    void missingFieldIsNamed(String body) {
        assertRefused(api.operation("purchaseShare", key(BUYER), body), 400, "BAD_REQUEST", "missing field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"count\":\"5\"", "\"count\":5.5", "\"count\":true", "\"count\":[5]", "\"count\":{\"n\":5}"})
    void countThatIsNotAJsonIntegerIsABadRequest(String countField) {
        Answer answer = api.operation("purchaseShare", key(BUYER), SHARE + "," + countField + "}");
        assertRefused(answer, 400, "BAD_REQUEST", "field 'count' must be a JSON integer");
    }

    @Test
    void idThatIsNotAJsonStringIsABadRequest() {
        Answer answer = api.operation("purchaseShare", key(BUYER), "{\"shareId\":100226,\"shareType\":\"EQUITY\",\"count\":1}");
        assertRefused(answer, 400, "BAD_REQUEST", "field 'shareId' must be a JSON string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "1000000001", "99999999999999999999999"})
    void countOutOfRangeIsTheMarketsInvalidArgument(String count) {
        assertBusinessError(api.operation("purchaseShare", key(BUYER), SHARE + ",\"count\":" + count + "}"),
                "INVALID_ARGUMENT");
    }

    @Test
    void unknownFieldIsNamed() {
        Answer answer = api.operation("getShares", key(BUYER), "{\"market\":\"NYK\"}");
        assertRefused(answer, 400, "BAD_REQUEST", "unknown field 'market'; getShares takes no fields");
    }

    @Test
    void unknownOperationListsTheOperations() {
        Answer answer = api.operation("buyEverything", key(BUYER), "{}");
        assertRefused(answer, 404, "UNKNOWN_OPERATION", "operations are addShare, removeShare");
    }

    @Test
    void unknownOperationWithoutKeyIsNotAuthenticatedFirst() {
        assertRefused(api.operation("buyEverything", null, "{}"), 401, "NOT_AUTHENTICATED", "missing API key");
    }

    @Test
    void operationByGetIsNotAllowed() {
        assertRefused(api.get("/api/v1/operations/getShares", Map.of("Authorization", "Bearer " + key(BUYER))),
                405, "METHOD_NOT_ALLOWED", "openapi.json");
    }

    @Test
    void unknownPathIsNotFound() {
        assertRefused(api.get("/api/v2/nothing", Map.of()), 404, "NOT_FOUND", "openapi.json");
    }

    @Test
    void idempotencyKeyLongerThanTheLimitIsABadRequest() {
        Answer answer = api.operation("purchaseShare", key(BUYER), SHARE + ",\"count\":5}",
                Map.of("Idempotency-Key", "k".repeat(HttpApi.IDEMPOTENCY_KEY_LENGTH_MAX + 1)));
        assertRefused(answer, 400, "BAD_REQUEST", "Idempotency-Key must have 1 to 128 characters");
    }

    @Test
    void eventStreamWithoutAcceptHeaderIsNotAcceptable() {
        assertRefused(api.get("/api/v1/events", Map.of()), 406, "NOT_ACCEPTABLE", "text/event-stream");
    }

    @Test
    void operationPathWithEncodedSlashesIsNotFound() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/api/v1/operations/get%2FShares"))
                .header("Authorization", "Bearer " + key(BUYER)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        Answer answer = api.send(request);
        assertThat(answer.status()).isIn(400, 404);
        assertThat(answer.code()).isIn("BAD_REQUEST", "NOT_FOUND", "UNKNOWN_OPERATION");
    }
}
