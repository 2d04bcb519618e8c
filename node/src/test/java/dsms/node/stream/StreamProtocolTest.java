package dsms.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.http.BatchWire;
import dsms.node.http.BatchWire.Call;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.LoopbackCluster;
import dsms.node.testing.Scrapes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stream protocol against a live front end (in this JVM, on loopback): a hello with the API
 * key, then binary batches answered by tag with the agreed results; the same checks as the batch
 * endpoint, and a clear goodbye for a client that breaks the protocol.
 */
class StreamProtocolTest {
    private static final String ADMIN = "LONA0001";
    private static final String REFUSED_UNAUTHENTICATED_BATCHES =
            "dsms_http_requests_seconds_count{code=\"NOT_AUTHENTICATED\",operation=\"batch\"}";
    private static LoopbackCluster cluster;

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

    private static StreamTestClient connect(String userId) throws IOException {
        List<StreamWire.ServerFrame> first = new ArrayList<>();
        StreamTestClient client = StreamTestClient.connect(cluster.streamAddress(), cluster.keyOf(userId), first);
        assertThat(first.get(0)).isEqualTo(new StreamWire.Welcome(userId));
        return client;
    }

    private static Call addShare(String shareId, int capacity) {
        return new Call("addShare", List.of(shareId, "EQUITY", String.valueOf(capacity)));
    }

    private static List<Result> send(StreamTestClient client, long tag, String idempotencyKey, List<Call> calls)
            throws IOException {
        client.sendBatch(tag, idempotencyKey, calls);
        StreamWire.ServerFrame frame = client.readFrame();
        assertThat(frame).isInstanceOf(StreamWire.Answer.class);
        assertThat(((StreamWire.Answer) frame).tag()).isEqualTo(tag);
        return StreamTestClient.results(frame);
    }

    @Test
    void shouldAnswerABatchWithTheAgreedResultsActingAsTheKeysUser() throws Exception {
        try (StreamTestClient admin = connect(ADMIN); StreamTestClient buyer = connect("LONB0042")) {
            assertThat(send(admin, 7, null, List.of(addShare("LONM010129", 10), addShare("LONM010129", 10))))
                    .extracting(Result::code).containsExactly(ResultCode.OK, ResultCode.SHARE_EXISTS);

            List<Result> traded = send(buyer, -1, null, List.of(
                    new Call("purchaseShare", List.of("LONM010129", "EQUITY", "3")),
                    new Call("addShare", List.of("LONM020129", "EQUITY", "5")),
                    new Call("getShares", List.of())));

            assertThat(((ResultData.SharePurchased) traded.get(0).data()).purchased()).isEqualTo(3);
            assertThat(traded.get(1).code()).as("a buyer cannot add shares: the role comes from the key")
                    .isEqualTo(ResultCode.NOT_AUTHORIZED);
            assertThat(((ResultData.HoldingList) traded.get(2).data()).holdings()).singleElement()
                    .satisfies(holding -> assertThat(holding.count()).isEqualTo(3));
        }
    }

    @Test
    void shouldCountItsConnectionsBatchesAndOperationsInTheMetrics() throws Exception {
        try (StreamTestClient buyer = connect("LONB0044")) {
            send(buyer, 1, null, List.of(new Call("getShares", List.of()), new Call("getShares", List.of())));

            String scrape = scrape();
            assertThat(Scrapes.sample(scrape, "dsms_stream_connections_open")).isGreaterThanOrEqualTo(1);
            assertThat(Scrapes.sample(scrape, "dsms_stream_batches_total")).isGreaterThanOrEqualTo(1);
            assertThat(scrape).as("its operations counted with every other path's")
                    .contains("dsms_http_requests_seconds_count{code=\"OK\",operation=\"getShares\"");
        }
    }

    @Test
    void shouldAnswerPipelinedBatchesEachUnderItsTag() throws Exception {
        int batches = StreamServer.BATCHES_IN_FLIGHT_PER_CONNECTION_MAX * 3;
        try (StreamTestClient admin = connect(ADMIN)) {
            for (int tag = 0; tag < batches; tag++) {
                admin.sendBatch(1_000 + tag, null, List.of(addShare(String.format("LONM%02d%02d30", 1 + tag % 28, 1 + tag / 28), 10),
                        new Call("listShareAvailability", List.of("BONUS"))));
            }
            Map<Long, List<Result>> answers = new HashMap<>();
            for (int answer = 0; answer < batches; answer++) {
                StreamWire.ServerFrame frame = admin.readFrame();
                answers.put(((StreamWire.Answer) frame).tag(), StreamTestClient.results(frame));
            }

            assertThat(answers).hasSize(batches);
            assertThat(answers.values()).allSatisfy(results ->
                    assertThat(results).extracting(Result::code).containsExactly(ResultCode.OK, ResultCode.OK));
        }
    }

    @Test
    void shouldExecuteARetriedBatchWithTheSameIdempotencyKeyOnceOnEitherPath() throws Exception {
        try (StreamTestClient admin = connect(ADMIN); StreamTestClient buyer = connect("LONB0043")) {
            send(admin, 1, null, List.of(addShare("LONM010329", 10)));
            List<Call> buy = List.of(new Call("purchaseShare", List.of("LONM010329", "EQUITY", "4")));

            List<Result> first = send(buyer, 1, "stream-retry-1", buy);
            List<Result> retried = send(buyer, 2, "stream-retry-1", buy);
            HttpResponse<byte[]> overHttp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(cluster.baseUrl() + "/api/v1/batch"))
                    .header("Content-Type", BatchWire.CONTENT_TYPE).header("Authorization", "Bearer " + cluster.keyOf("LONB0043"))
                    .header("Idempotency-Key", "stream-retry-1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BatchWire.encodeRequest(buy))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(retried).isEqualTo(first);
            assertThat(overHttp.body()).as("the batch endpoint finds the same request")
                    .isEqualTo(BatchWire.encodeAnswer(List.of(new BatchWire.ResultEntry(
                            dsms.market.codec.ResultCodec.encode(first.get(0))))));
            List<Result> holdings = send(buyer, 3, null, List.of(new Call("getShares", List.of())));
            assertThat(((ResultData.HoldingList) holdings.get(0).data()).holdings().get(0).count()).as("bought once")
                    .isEqualTo(4);
        }
    }

    @Test
    void shouldRefuseABadBatchByItsTagAndKeepServingTheConnection() throws Exception {
        try (StreamTestClient admin = connect(ADMIN)) {
            admin.sendBatch(41, null, List.of(addShare("LONM010429", 10), new Call("addShare", List.of("LONM020429", "EQUITY"))));
            StreamWire.ServerFrame refused = admin.readFrame();

            assertThat(refused).isInstanceOfSatisfying(StreamWire.Refused.class, frame -> {
                assertThat(frame.tag()).isEqualTo(41);
                assertThat(frame.code()).isEqualTo("BAD_REQUEST");
                assertThat(frame.message()).contains("operations[1]").contains("wrong number of arguments");
            });
            List<Result> listing = send(admin, 42, null, List.of(new Call("listShareAvailability", List.of("EQUITY"))));
            assertThat(((ResultData.ShareAvailabilityList) listing.get(0).data()).shares())
                    .as("nothing of the refused batch ran").extracting(ResultData.ShareAvailability::shareId)
                    .doesNotContain("LONM010429");
        }
    }

    @Test
    void shouldSayGoodbyeToAKeyThisClusterDidNotIssueAndCountIt() throws Exception {
        String before = scrape();
        double goodbyesBefore = Scrapes.sample(before, "dsms_stream_goodbyes_total");
        double refusedBefore = Scrapes.sampleOrZero(before, REFUSED_UNAUTHENTICATED_BATCHES);
        List<StreamWire.ServerFrame> first = new ArrayList<>();
        try (StreamTestClient client = StreamTestClient.connect(cluster.streamAddress(), "LONB0001.forged", first)) {
            assertThat(first.get(0)).isEqualTo(new StreamWire.Goodbye("NOT_AUTHENTICATED",
                    "the API key is not valid for this cluster"));
            assertThat(client.closedByServer()).isTrue();
        }
        String after = scrape();
        assertThat(Scrapes.sample(after, "dsms_stream_goodbyes_total")).isGreaterThan(goodbyesBefore);
        assertThat(Scrapes.sample(after, REFUSED_UNAUTHENTICATED_BATCHES))
                .as("counted with the batch endpoint's refusals, as a bad key there is").isGreaterThan(refusedBefore);
    }

    private static String scrape() {
        return Scrapes.scrape(new ApiCalls(cluster.baseUrl()));
    }

    @Test
    void shouldSayGoodbyeToAHelloWithAKeyLongerThanTheLimit() throws Exception {
        int keyLength = StreamWire.KEY_BYTES_MAX + 1;
        byte[] hello = ByteBuffer.allocate(StreamWire.FRAME_HEADER_BYTES + 3 + keyLength).putInt(1 + 3 + keyLength)
                .put((byte) StreamWire.HELLO).put((byte) StreamWire.VERSION).putShort((short) keyLength)
                .put("k".repeat(keyLength).getBytes(java.nio.charset.StandardCharsets.US_ASCII)).array();
        try (StreamTestClient client = new StreamTestClient(cluster.streamAddress())) {
            client.write(hello);

            assertThat(client.readFrame()).isInstanceOfSatisfying(StreamWire.Goodbye.class, goodbye -> {
                assertThat(goodbye.code()).isEqualTo("BAD_REQUEST");
                assertThat(goodbye.message()).contains("is over " + StreamWire.KEY_BYTES_MAX);
            });
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldSayGoodbyeToABatchBeforeTheHello() throws Exception {
        try (StreamTestClient client = new StreamTestClient(cluster.streamAddress())) {
            client.sendBatch(1, null, List.of(new Call("getShares", List.of())));

            assertThat(client.readFrame()).isInstanceOfSatisfying(StreamWire.Goodbye.class,
                    goodbye -> assertThat(goodbye.code()).isEqualTo("NOT_AUTHENTICATED"));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldSayGoodbyeToAFrameLargerThanTheLimitWithoutReadingIt() throws Exception {
        try (StreamTestClient admin = connect(ADMIN)) {
            admin.write(ByteBuffer.allocate(5).putInt(StreamWire.CLIENT_FRAME_BYTES_MAX + 1).put((byte) StreamWire.BATCH).array());

            assertThat(admin.readFrame()).isInstanceOfSatisfying(StreamWire.Goodbye.class, goodbye -> {
                assertThat(goodbye.code()).isEqualTo("BAD_REQUEST");
                assertThat(goodbye.message()).contains("frames are 1 to " + StreamWire.CLIENT_FRAME_BYTES_MAX);
            });
            assertThat(admin.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldTellAConnectionBeyondTheLimitItIsOverloadedAndTakeNewOnesOnceOthersClose() throws Exception {
        List<StreamTestClient> clients = new ArrayList<>();
        StreamWire.ServerFrame refusal = null;
        try {
            // Connections of earlier scenarios may still be counted for a moment, so the refusal
            // comes at the limit or a little before it, never after.
            for (int attempt = 0; attempt <= StreamServer.CONNECTIONS_MAX && refusal == null; attempt++) {
                List<StreamWire.ServerFrame> first = new ArrayList<>();
                clients.add(StreamTestClient.connect(cluster.streamAddress(), cluster.keyOf(ADMIN), first));
                if (!(first.get(0) instanceof StreamWire.Welcome)) {
                    refusal = first.get(0);
                }
            }
            assertThat(refusal).isInstanceOfSatisfying(StreamWire.Goodbye.class, goodbye -> {
                assertThat(goodbye.code()).isEqualTo("OVERLOADED");
                assertThat(goodbye.message()).contains(StreamServer.CONNECTIONS_MAX + " stream connections at most");
            });
            assertThat(clients.get(clients.size() - 1).closedByServer()).isTrue();
        } finally {
            for (StreamTestClient client : clients) {
                client.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            try (StreamTestClient admin = connect(ADMIN)) {
                assertThat(send(admin, 1, null, List.of(new Call("getShares", List.of())))).hasSize(1);
            }
        });
    }

    @Test
    void shouldLetANewClientInWhenEveryPlaceIsHeldByConnectionsThatNeverSaidHello() throws Exception {
        List<StreamTestClient> silent = new ArrayList<>();
        try {
            for (int index = 0; index < StreamServer.CONNECTIONS_MAX; index++) {
                silent.add(new StreamTestClient(cluster.streamAddress()));
            }
            List<StreamWire.ServerFrame> first = new ArrayList<>();
            try (StreamTestClient early = StreamTestClient.connect(cluster.streamAddress(), cluster.keyOf(ADMIN), first)) {
                assertThat(first.get(0)).as("every place is taken, and nobody waited long enough to lose one")
                        .isInstanceOfSatisfying(StreamWire.Goodbye.class, goodbye -> assertThat(goodbye.code()).isEqualTo("OVERLOADED"));
            }

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        try (StreamTestClient admin = connect(ADMIN)) {
                            assertThat(send(admin, 1, null, List.of(new Call("getShares", List.of())))).hasSize(1);
                        }
                    });
            StreamWire.ServerFrame evicted = null;
            for (StreamTestClient client : silent) {
                client.setReadTimeoutMs(50);
                try {
                    evicted = client.readFrame();
                    break;
                } catch (java.net.SocketTimeoutException stillWaiting) {
                    // This one kept its place; another made room.
                }
            }
            assertThat(evicted).isInstanceOfSatisfying(StreamWire.Goodbye.class, goodbye -> {
                assertThat(goodbye.code()).isEqualTo("NOT_AUTHENTICATED");
                assertThat(goodbye.message()).contains("no hello within " + StreamServer.HELLO_WAIT_NS_MAX / 1_000_000_000L + " s");
            });
        } finally {
            for (StreamTestClient client : silent) {
                client.close();
            }
        }
    }

    @Test
    void shouldSurviveRandomBytesAndKeepServingOtherConnections() throws Exception {
        Random random = new Random(20261122);
        for (int attempt = 0; attempt < 50; attempt++) {
            try (StreamTestClient client = new StreamTestClient(cluster.streamAddress())) {
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                if (attempt % 2 == 0) {
                    client.write(StreamWire.hello(cluster.keyOf(ADMIN)));
                }
                client.write(garbage);
            }
        }
        // Well-framed batches with random bodies: each is refused or answered, the connection goes on.
        try (StreamTestClient fuzzer = connect(ADMIN)) {
            for (int attempt = 0; attempt < 300; attempt++) {
                byte[] batch = new byte[3 + random.nextInt(40)];
                random.nextBytes(batch);
                batch[0] = 1;
                batch[1] = 0;
                batch[2] = (byte) (1 + random.nextInt(3));
                byte[] head = StreamWire.batchHead(attempt, null, batch.length);
                fuzzer.write(ByteBuffer.allocate(head.length + batch.length).put(head).put(batch).array());
                StreamWire.ServerFrame frame = fuzzer.readFrame();
                assertThat(frame).as("attempt %d", attempt).isInstanceOfAny(StreamWire.Refused.class, StreamWire.Answer.class);
            }
        }
        try (StreamTestClient admin = connect(ADMIN)) {
            assertThat(send(admin, 5, null, List.of(new Call("getShares", List.of())))).hasSize(1);
        }
    }
}
