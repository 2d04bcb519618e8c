package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The benchmark's event loop and HTTP client against a scripted server on loopback. */
class BenchLoopTest {
    private static final String OK = "{\"ok\":true,\"code\":\"OK\",\"message\":\"done\",\"data\":{}}";
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private static BenchLoop run(InetSocketAddress address, String url, BenchWorkload workload, int batch,
            double requestsPerSecond, int clients, long durationMs) throws Exception {
        BenchRequests.Endpoint endpoint = BenchRequests.Endpoint.parse(url);
        long startNs = System.nanoTime();
        BenchLoop.Timing timing = new BenchLoop.Timing(startNs, startNs + TimeUnit.MILLISECONDS.toNanos(durationMs), TIMEOUT_NS);
        List<BenchConnection> connections = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            SendSchedule schedule = requestsPerSecond > 0 ? SendSchedule.fixedRate(startNs, requestsPerSecond, clients, client)
                    : SendSchedule.closedLoop();
            connections.add(new BenchConnection(BenchRequests.forClient(endpoint, workload, batch, BenchEncoding.JSON, "Bearer key-" + client),
                    schedule));
        }
        BenchLoop loop = new BenchLoop(address, connections, batch, timing);
        loop.run();
        return loop;
    }

    private static BenchLoop run(ScriptedHttpServer server, BenchWorkload workload, int batch, double requestsPerSecond,
            int clients, long durationMs) throws Exception {
        return run(server.address(), server.url(), workload, batch, requestsPerSecond, clients, durationMs);
    }

    @Test
    void shouldReuseOneConnectionForEveryRequestAndSendCompleteRequests() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) ->
                out.write(request % 2 == 0 ? ScriptedHttpServer.ok(OK) : ScriptedHttpServer.chunked(OK, 9)))) {
            BenchLoop loop = run(server, BenchWorkload.TRADE, 1, 0, 1, 300);

            assertThat(loop.errors).isZero();
            assertThat(loop.operations).isGreaterThan(20).isEqualTo(loop.requests);
            assertThat(loop.latency.getTotalCount()).isEqualTo(loop.operations);
            assertThat(server.connectionsAccepted()).isEqualTo(1);
            assertThat(loop.reconnects).isZero();
            String purchase = server.requestTexts().get(0);
            assertThat(purchase).startsWith("POST /api/v1/operations/purchaseShare HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:", "\r\nAuthorization: Bearer key-0\r\n", "\r\nContent-Type: application/json\r\n")
                    .endsWith("\r\n\r\n{\"shareId\":\"NYKM010126\",\"shareType\":\"EQUITY\",\"count\":1}");
            String body = purchase.substring(purchase.indexOf("\r\n\r\n") + 4);
            assertThat(purchase).contains("\r\nContent-Length: " + body.length() + "\r\n");
            // The trade mix alternates: buy, sell, buy...
            assertThat(server.requestTexts().get(1)).startsWith("POST /api/v1/operations/sellShare ");
            assertThat(server.requestTexts().get(2)).startsWith("POST /api/v1/operations/purchaseShare ");
        }
    }

    @Test
    void shouldAssembleResponsesThatArriveInPieces() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            byte[] response = request % 2 == 0 ? ScriptedHttpServer.ok(OK) : ScriptedHttpServer.chunked(OK, 4);
            for (int from = 0; from < response.length; from += 13) {
                out.write(response, from, Math.min(13, response.length - from));
                out.flush();
                if (from % 39 == 0) {
                    Thread.sleep(1);
                }
            }
        })) {
            BenchLoop loop = run(server, BenchWorkload.READ, 1, 0, 2, 300);

            assertThat(loop.errors).isZero();
            assertThat(loop.operations).isGreaterThan(10);
            assertThat(server.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void shouldCountAResponseCutOffAsAnErrorAndReconnect() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            byte[] response = ScriptedHttpServer.ok(OK);
            if (request == 3) {
                out.write(response, 0, response.length / 2);
                out.flush();
                throw new java.io.IOException("the script cuts the connection");
            }
            out.write(response);
        })) {
            BenchLoop loop = run(server, BenchWorkload.READ, 1, 0, 1, 400);

            assertThat(loop.errors).isEqualTo(1);
            assertThat(loop.reconnects).isEqualTo(1);
            assertThat(loop.operations).isGreaterThan(10);
            assertThat(loop.firstFailure).contains("closed in the middle of a response");
            assertThat(server.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void shouldCountRefusalsAsErrorsAndBusinessErrorsAsAnsweredOperations() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (request % 3 == 0) {
                out.write(ScriptedHttpServer.ok("{\"ok\":false,\"code\":\"NOT_HELD\",\"message\":\"not held\"}"));
            } else if (request % 3 == 1) {
                byte[] refusal = "{\"ok\":false,\"code\":\"TIMED_OUT\",\"message\":\"late\"}".getBytes();
                out.write(ScriptedHttpServer.concat(("HTTP/1.1 504 Gateway Timeout\r\nContent-Length: " + refusal.length
                        + "\r\n\r\n").getBytes(), refusal));
            } else {
                out.write(ScriptedHttpServer.ok(OK));
            }
        })) {
            BenchLoop loop = run(server, BenchWorkload.TRADE, 1, 0, 1, 300);

            long thirds = loop.requests / 3;
            assertThat(loop.businessErrors).isBetween(thirds, thirds + 1);
            assertThat(loop.errors).isBetween(thirds, thirds + 1);
            assertThat(loop.operations).isEqualTo(loop.requests - loop.errors);
            assertThat(loop.firstFailure).contains("HTTP 504");
        }
    }

    @Test
    void shouldSendBatchesAndCountEveryOperationOfTheirAnswers() throws Exception {
        String results = "{\"results\":[" + IntStream.range(0, 10).mapToObj(slot -> switch (slot) {
            case 3 -> "{\"ok\":false,\"code\":\"TIMED_OUT\",\"message\":\"late\"}";
            case 7 -> "{\"ok\":false,\"code\":\"ALREADY_HELD\",\"message\":\"held\"}";
            default -> OK;
        }).collect(Collectors.joining(",")) + "]}";
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) ->
                out.write(ScriptedHttpServer.chunked(results, 100)))) {
            BenchLoop loop = run(server, BenchWorkload.TRADE, 10, 0, 1, 300);

            assertThat(loop.requests).isGreaterThan(5);
            assertThat(loop.operations).isEqualTo(9 * loop.requests);
            assertThat(loop.errors).isEqualTo(loop.requests);
            assertThat(loop.businessErrors).isEqualTo(loop.requests);
            assertThat(loop.latency.getTotalCount()).isEqualTo(loop.operations);
            String first = server.requestTexts().get(0);
            assertThat(first).startsWith("POST /api/v1/batch HTTP/1.1\r\n");
            String body = first.substring(first.indexOf("\r\n\r\n") + 4);
            assertThat(body).startsWith("{\"operations\":[{\"operation\":\"purchaseShare\",\"shareId\":\"NYKM010126\"");
            assertThat(body.split("\"operation\":\"purchaseShare\"")).hasSize(11);
            assertThat(server.requestTexts().get(1)).contains("\"operation\":\"sellShare\"").doesNotContain("purchaseShare");
        }
    }

    @Test
    void shouldSendFullBatchesOnSeveralConnectionsSharingTheirBodies() throws Exception {
        String results = "{\"results\":[" + IntStream.range(0, BenchWorkload.SLOTS_MAX).mapToObj(slot -> OK)
                .collect(Collectors.joining(",")) + "]}";
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) ->
                out.write(ScriptedHttpServer.chunked(results, 16_384)))) {
            BenchLoop loop = run(server, BenchWorkload.SWAP, BenchWorkload.SLOTS_MAX, 0, 3, 300);

            assertThat(loop.errors).isZero();
            assertThat(loop.operations).isEqualTo(BenchWorkload.SLOTS_MAX * loop.requests).isPositive();
            for (String request : server.requestTexts()) {
                String body = request.substring(request.indexOf("\r\n\r\n") + 4);
                assertThat(request).contains("\r\nContent-Length: " + body.length() + "\r\n");
                assertThat(body.split("\"operation\":\"swapShares\"")).hasSize(BenchWorkload.SLOTS_MAX + 1);
            }
            assertThat(server.requestTexts()).anySatisfy(request -> assertThat(request).contains("Bearer key-2"));
        }
    }

    @Test
    void shouldCountTheWholeBatchAsFailedWhenTheAnswerHasTheWrongNumberOfResults() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) ->
                out.write(ScriptedHttpServer.ok("{\"results\":[" + OK + "]}")))) {
            BenchLoop loop = run(server, BenchWorkload.READ, 4, 0, 1, 200);

            assertThat(loop.operations).isZero();
            assertThat(loop.errors).isEqualTo(4 * loop.requests).isPositive();
        }
    }

    /**
     * At 100 requests/s on one connection the server stalls 300 ms once. Latency from the intended
     * time charges the stall to every request that was due during it, and the connection catches
     * up afterwards so the run still sends its full schedule.
     */
    @Test
    void shouldMeasureFixedRateLatencyFromTheIntendedSendTime() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (request == 20) {
                Thread.sleep(300);
            }
            out.write(ScriptedHttpServer.ok(OK));
        })) {
            BenchLoop loop = run(server, BenchWorkload.READ, 1, 100, 1, 1_000);

            assertThat(loop.errors).isZero();
            assertThat(loop.requests).isEqualTo(100);
            assertThat(loop.latency.getMaxValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
            // The requests intended during the stall waited 300, 290, 280... ms: far more than one slow sample.
            long slow = loop.latency.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(50), BenchLoop.LATENCY_NS_MAX);
            assertThat(slow).isGreaterThanOrEqualTo(20);
            assertThat(loop.latency.getValueAtPercentile(50)).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void shouldGiveUpOnAServerThatRefusesConnectionsAndCountItsSchedule() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
        BenchLoop loop = run(closed, "http://127.0.0.1:" + closed.getPort(), BenchWorkload.READ, 1, 50, 1, 1_500);

        assertThat(loop.operations).isZero();
        assertThat(loop.connectionsGaveUp).isEqualTo(1);
        // Every request of the 1.5 s schedule at 50/s failed: the attempts, then the ones never sent.
        assertThat(loop.errors).isEqualTo(75);
        assertThat(loop.firstFailure).contains("cannot connect").contains("refused");
    }

    @Test
    void shouldReconnectWhenTheServerClosesAfterAnAnswer() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            byte[] body = OK.getBytes();
            out.write(ScriptedHttpServer.concat(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(), body));
            out.flush();
            throw new java.io.IOException("the script closes as announced");
        })) {
            BenchLoop loop = run(server, BenchWorkload.READ, 1, 0, 1, 200);

            assertThat(loop.errors).isZero();
            assertThat(loop.operations).isGreaterThan(5);
            assertThat(server.connectionsAccepted()).isEqualTo((int) loop.operations);
        }
    }
}
