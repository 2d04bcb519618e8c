package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The recovery benchmark's blocking connection against a scripted server on loopback: the requests
 * it writes and the answers it reads go through the load generator's {@link BenchRequests} and
 * {@link HttpResponseParser}, here driven by blocking reads with a timeout.
 */
class PlainHttpConnectionTest {
    private static final String OK = "{\"ok\":true,\"code\":\"OK\",\"message\":\"done\",\"data\":{}}";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static PlainHttpConnection connectionTo(ScriptedHttpServer server, Duration timeout) {
        return new PlainHttpConnection("127.0.0.1", server.address().getPort(), timeout);
    }

    private static byte[] withConnectionClose(String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        return ScriptedHttpServer.concat(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + content.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), content);
    }

    @Test
    void shouldKeepOneConnectionForContentLengthAndChunkedAnswers() throws Exception {
        // Larger than the parser's first buffer and than one read, as a buyer's batch of results is.
        String large = "{\"results\":[" + (OK + ",").repeat(2_000) + OK + "]}";
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> out.write(switch (request) {
            case 0 -> ScriptedHttpServer.ok(OK);
            case 1 -> ScriptedHttpServer.chunked(large, 4_096);
            default -> ScriptedHttpServer.chunked("{\"replicas\":[]}", 5);
        }));
                PlainHttpConnection connection = connectionTo(server, TIMEOUT)) {
            PlainHttpConnection.Response first = connection.post(BenchRequests.OPERATIONS_PATH + "getShares",
                    "Bearer key-0", "{}");
            PlainHttpConnection.Response second = connection.post(BenchRequests.BATCH_PATH, "Bearer key-1",
                    "{\"operations\":[]}");
            PlainHttpConnection.Response third = connection.get("/api/v1/status");

            assertThat(first).isEqualTo(new PlainHttpConnection.Response(200, OK));
            assertThat(second).isEqualTo(new PlainHttpConnection.Response(200, large));
            assertThat(third).isEqualTo(new PlainHttpConnection.Response(200, "{\"replicas\":[]}"));
            assertThat(server.connectionsAccepted()).isEqualTo(1);
            String host = "\r\nHost: 127.0.0.1:" + server.address().getPort() + "\r\n";
            assertThat(server.requestTexts().get(0)).startsWith("POST /api/v1/operations/getShares HTTP/1.1\r\n")
                    .contains(host, "\r\nAuthorization: Bearer key-0\r\n", "\r\nContent-Type: application/json\r\n",
                            "\r\nContent-Length: 2\r\n")
                    .endsWith("\r\n\r\n{}");
            assertThat(server.requestTexts().get(1)).startsWith("POST /api/v1/batch HTTP/1.1\r\n")
                    .contains("\r\nContent-Length: 17\r\n").endsWith("\r\n\r\n{\"operations\":[]}");
            assertThat(server.requestTexts().get(2)).isEqualTo("GET /api/v1/status HTTP/1.1" + host + "\r\n");
        }
    }

    @Test
    void shouldReturnAStatusThatIsNotOkWithItsBodyAndKeepTheConnection() throws Exception {
        String refusal = "{\"ok\":false,\"code\":\"OVERLOADED\",\"message\":\"try again\"}";
        byte[] content = refusal.getBytes(StandardCharsets.UTF_8);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> out.write(request == 0
                ? ScriptedHttpServer.concat(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: " + content.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), content)
                : ScriptedHttpServer.ok(OK)));
                PlainHttpConnection connection = connectionTo(server, TIMEOUT)) {
            assertThat(connection.get("/api/v1/status")).isEqualTo(new PlainHttpConnection.Response(503, refusal));
            assertThat(connection.get("/api/v1/status")).isEqualTo(new PlainHttpConnection.Response(200, OK));
            assertThat(server.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void shouldOpenANewConnectionAfterTheServerAnnouncedItsClose() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (request == 0) {
                out.write(withConnectionClose(OK));
                out.flush();
                throw new IOException("the script closes as announced");
            }
            // HTTP/1.0 without a length: the body runs to the end of the connection.
            out.write("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            throw new IOException("the script ends the body by closing");
        });
                PlainHttpConnection connection = connectionTo(server, TIMEOUT)) {
            assertThat(connection.get("/api/v1/status").body()).isEqualTo(OK);
            assertThat(connection.get("/api/v1/status").body()).isEqualTo("{\"ok\":true}");
            assertThat(connection.get("/api/v1/status").body()).isEqualTo("{\"ok\":true}");
            assertThat(server.connectionsAccepted()).isEqualTo(3);
        }
    }

    @Test
    void shouldTimeOutAReadThatGetsNoAnswerAndReconnectForTheNextRequest() throws Exception {
        long timeoutMs = 300;
        // The first request is never answered while the client waits: the server holds it until
        // the client has timed out, so the timeout is the only way the read can end.
        CountDownLatch clientTimedOut = new CountDownLatch(1);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (request == 0) {
                clientTimedOut.await();
            }
            out.write(ScriptedHttpServer.ok(OK));
        });
                PlainHttpConnection connection = connectionTo(server, Duration.ofMillis(timeoutMs))) {
            long startNs = System.nanoTime();
            assertThatThrownBy(() -> connection.get("/api/v1/status")).isInstanceOf(SocketTimeoutException.class);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            clientTimedOut.countDown();
            assertThat(waitedMs).as("a socket timeout never fires early").isGreaterThanOrEqualTo(timeoutMs - 50);

            assertThat(connection.get("/api/v1/status").body()).isEqualTo(OK);
            assertThat(server.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void shouldFailWhenTheServerClosesWithoutAnAnswerOrWithinOne() throws Exception {
        byte[] whole = ScriptedHttpServer.ok(OK);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (request == 1) {
                out.write(whole, 0, whole.length - 5);
                out.flush();
            }
            if (request <= 1) {
                throw new IOException("the script closes the connection");
            }
            out.write(whole);
        });
                PlainHttpConnection connection = connectionTo(server, TIMEOUT)) {
            assertThatThrownBy(() -> connection.get("/api/v1/status")).isInstanceOf(EOFException.class)
                    .hasMessage("the connection closed");
            assertThatThrownBy(() -> connection.get("/api/v1/status")).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed in the middle of a response");
            assertThat(connection.get("/api/v1/status").body()).isEqualTo(OK);
            assertThat(server.connectionsAccepted()).isEqualTo(3);
        }
    }

    @Test
    void shouldFailAnAnswerThatIsNotHttpAndReconnect() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) ->
                out.write(request == 0 ? "SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII)
                        : ScriptedHttpServer.ok(OK)));
                PlainHttpConnection connection = connectionTo(server, TIMEOUT)) {
            assertThatThrownBy(() -> connection.get("/api/v1/status"))
                    .isInstanceOf(HttpResponseParser.MalformedResponseException.class);
            assertThat(connection.get("/api/v1/status").body()).isEqualTo(OK);
            assertThat(server.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void shouldReportARefusedConnectionAsTheSocketDoes() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (PlainHttpConnection connection = new PlainHttpConnection("127.0.0.1", closedPort, TIMEOUT)) {
            assertThatThrownBy(() -> connection.post(BenchRequests.OPERATIONS_PATH + "getShares", "Bearer key-0", "{}"))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
        }
    }
}
