package dsms.node.metrics;

import static dsms.node.testing.Scrapes.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.LoopbackCluster;
import dsms.node.testing.Scrapes;
import dsms.node.testing.StatusStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What operators watch: the Prometheus scrape, the status and its live event stream. */
class FrontEndObservabilityTest {
    private static final String SHARE = "{\"shareId\":\"NYKE150626\",\"shareType\":\"EQUITY\"";

    private LoopbackCluster cluster;
    private ApiCalls api;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
        api = new ApiCalls(cluster.baseUrl());
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String scrape() {
        return Scrapes.scrape(api);
    }

    @Test
    void metricsCountRequestsPerOperationAndCodeWithLatencyHistograms() {
        assertThat(api.operation("addShare", cluster.keyOf("NYKA0001"), SHARE + ",\"capacity\":5}").code())
                .isEqualTo("OK");
        assertThat(api.operation("addShare", cluster.keyOf("NYKA0001"), SHARE + ",\"capacity\":5}").code())
                .isEqualTo("SHARE_EXISTS");
        assertThat(api.operation("stealShares", cluster.keyOf("NYKB0001"), "{}").code()).isEqualTo("UNKNOWN_OPERATION");
        assertThat(api.operation("getShares", cluster.keyOf("NYKB0001"), " ".repeat(5_000)).code())
                .isEqualTo("BODY_TOO_LARGE");

        String scrape = scrape();
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"OK\",operation=\"addShare\"}")).isEqualTo(1);
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"SHARE_EXISTS\",operation=\"addShare\"}"))
                .isEqualTo(1);
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"UNKNOWN_OPERATION\",operation=\"unknown\"}"))
                .as("a client's operation name never becomes a label").isEqualTo(1);
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"BODY_TOO_LARGE\",operation=\"getShares\"}"))
                .isEqualTo(1);
        assertThat(scrape).contains("dsms_http_requests_seconds_bucket{code=\"OK\",operation=\"addShare\",le=\"");
        assertThat(scrape).doesNotContain("stealShares");
    }

    @Test
    void metricsCountEveryOperationOfABatchUnderItsOwnOperationAndCode() {
        String add = "{\"operation\":\"addShare\",\"shareType\":\"EQUITY\",\"capacity\":5,\"shareId\":";
        String batch = "{\"operations\":[" + add + "\"NYKE010726\"}," + add + "\"NYKE020726\"}," + add
                + "\"NYKE010726\"},{\"operation\":\"listShareAvailability\",\"shareType\":\"EQUITY\"}," + add
                + "\"NYKE030726\"}," + add + "\"NYKE030726\"}]}";
        ApiCalls.Answer answer = api.post("/api/v1/batch", cluster.keyOf("NYKA0001"),
                HttpRequest.BodyPublishers.ofString(batch), Map.of());
        assertThat(answer.status()).isEqualTo(200);

        String scrape = scrape();
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"OK\",operation=\"addShare\"}")).isEqualTo(3);
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"SHARE_EXISTS\",operation=\"addShare\"}"))
                .isEqualTo(2);
        assertThat(sample(scrape, "dsms_http_requests_seconds_count{code=\"OK\",operation=\"listShareAvailability\"}"))
                .isEqualTo(1);
    }

    @Test
    void metricsShowVoteOutcomesAndReplicaProgressFromTheLoop() {
        for (int request = 0; request < 3; request++) {
            api.operation("listShareAvailability", cluster.keyOf("NYKB0001"), "{\"shareType\":\"BONUS\"}");
        }
        // The loop's counters reach the metrics through the next sample, a quarter second apart.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(sample(scrape, "dsms_frontend_outcomes_total{outcome=\"AGREED\"}")).isEqualTo(3);
            assertThat(sample(scrape, "dsms_frontend_requests_accepted_total")).isEqualTo(3);
            assertThat(sample(scrape, "dsms_frontend_outcomes_total{outcome=\"NO_QUORUM\"}")).isZero();
            assertThat(sample(scrape, "dsms_replica_last_sequence{replica=\"A\"}")).isEqualTo(3);
            assertThat(sample(scrape, "dsms_replica_lag{replica=\"C\"}")).isZero();
            assertThat(sample(scrape, "dsms_replica_up{replica=\"B\"}")).isEqualTo(1);
        });
    }

    @Test
    void strayDatagramsAreCountedAsRejectedByReason() throws Exception {
        byte[] junk = "definitely not a dsms datagram, just some bytes on the wire".getBytes();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(junk, junk.length, cluster.frontEndUdpAddress()));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sample(scrape(), "dsms_datagrams_rejected_total{reason=\"bad_magic\"}")).isEqualTo(1));
        assertThat(api.get("/api/v1/status", Map.of()).body().at("/frontEnd/datagramsRejected").asLong()).isEqualTo(1);
    }

    @Test
    void eventStreamShowsACrashedReplicaDownWithinASecondWhileRequestsFlow() throws Exception {
        try (StatusStream stream = StatusStream.open(cluster.baseUrl())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null);
            assertThat(stream.latest().get("mode").asText()).isEqualTo("crash");
            assertThat(stream.latest().get("replicas")).hasSize(3);
            String buyer = cluster.keyOf("NYKB0001");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                api.operation("getShares", buyer, "{}");
                assertThat(stream.replicaStatus("C")).isEqualTo("UP");
                assertThat(stream.latest().at("/replicas/2/lastSeq").asLong()).isPositive();
            });

            cluster.crashReplica(2);
            long crashedNs = System.nanoTime();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                api.operation("getShares", buyer, "{}");
                assertThat(stream.replicaStatus("C")).isEqualTo("DOWN");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - crashedNs)).isLessThan(Duration.ofMillis(1_500));
            JsonNode replicaC = stream.latest().at("/replicas/2");
            assertThat(replicaC.get("crashSuspicions").asLong()).isPositive();
            assertThat(stream.replicaStatus("A")).isEqualTo("UP");
            assertThat(sample(scrape(), "dsms_replica_up{replica=\"C\"}")).isZero();
        }
    }

    @Test
    void statusCarriesThroughputAndLatencyOfTheLastSecond() {
        String buyer = cluster.keyOf("NYKB0001");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            api.operation("getShares", buyer, "{}");
            JsonNode frontEnd = api.get("/api/v1/status", Map.of()).body().get("frontEnd");
            assertThat(frontEnd.get("requestsPerSecond").asDouble()).isGreaterThan(5);
            assertThat(frontEnd.get("latencyMsP50").asDouble()).isPositive();
            assertThat(frontEnd.get("latencyMsMax").asDouble()).isGreaterThanOrEqualTo(
                    frontEnd.get("latencyMsP99").asDouble());
        });
    }
}
