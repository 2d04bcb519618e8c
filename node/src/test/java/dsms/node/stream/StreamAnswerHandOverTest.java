package dsms.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.http.BatchWire;
import dsms.node.http.BatchWire.Call;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.LoopbackCluster;
import dsms.node.testing.Scrapes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A stream batch that joins an HTTP batch with the same idempotency key completes when the HTTP
 * request does, on one of the front end's answering threads rather than on its loop; the answer
 * must still reach the stream client, handed over to the loop that owns the connection. The
 * sequencer is stopped so the HTTP batch is still waiting when the stream batch joins it.
 */
class StreamAnswerHandOverTest {
    private static final String BUYER = "LONB0050";
    private static final String IDEMPOTENCY_KEY = "hand-over-1";

    @Test
    void shouldAnswerAStreamRetryThatJoinedAWaitingHttpBatchWhenThatBatchIsAnswered() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(FailureMode.CRASH, 3)) {
            cluster.crashSequencer();
            List<Call> calls = List.of(new Call("getShares", List.of()));
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<byte[]>> overHttp = http.sendAsync(HttpRequest.newBuilder(
                            URI.create(cluster.baseUrl() + "/api/v1/batch"))
                    .header("Content-Type", BatchWire.CONTENT_TYPE).header("Authorization", "Bearer " + cluster.keyOf(BUYER))
                    .header("Idempotency-Key", IDEMPOTENCY_KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BatchWire.encodeRequest(calls))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            ApiCalls api = new ApiCalls(cluster.baseUrl());
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                    Scrapes.sample(Scrapes.scrape(api), "dsms_frontend_requests_unanswered") >= 1);

            List<StreamWire.ServerFrame> first = new ArrayList<>();
            try (StreamTestClient stream = StreamTestClient.connect(cluster.streamAddress(), cluster.keyOf(BUYER), first)) {
                assertThat(first.get(0)).isEqualTo(new StreamWire.Welcome(BUYER));
                stream.sendBatch(77, IDEMPOTENCY_KEY, calls);

                StreamWire.ServerFrame frame = stream.readFrame();
                HttpResponse<byte[]> httpAnswer = overHttp.get(20, TimeUnit.SECONDS);

                assertThat(httpAnswer.statusCode()).as("a batch is answered whole, each operation with its outcome")
                        .isEqualTo(200);
                assertThat(frame).isInstanceOfSatisfying(StreamWire.Answer.class, answer -> {
                    assertThat(answer.tag()).isEqualTo(77);
                    assertThat(BatchWire.decodeAnswer(answer.answer()).orElseThrow().entries()).singleElement()
                            .as("nothing was ordered, so the joined request timed out")
                            .isInstanceOfSatisfying(BatchWire.RefusalEntry.class,
                                    refusal -> assertThat(refusal.code()).isEqualTo("TIMED_OUT"));
                    assertThat(answer.answer()).as("both paths got the same answer").isEqualTo(httpAnswer.body());
                });
            }
        }
    }
}
