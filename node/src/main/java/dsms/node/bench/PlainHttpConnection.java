package dsms.node.bench;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One persistent HTTP/1.1 connection to the front end, one request at a time, blocking, for the
 * recovery benchmark's loader, status poller and reader. The JDK's HTTP client spends most of a
 * core on its own machinery at a thousand requests a second on this machine; a plain socket with
 * keep-alive costs the loader almost nothing, so the cluster, not the client, sets the pace.
 *
 * <p>It writes its requests with {@link BenchRequests} and reads the answers with {@link
 * HttpResponseParser}, the same code the load generator's {@link BenchLoop} uses, so both
 * benchmarks speak HTTP alike. Only the driving differs, which is why this class exists: the
 * load generator multiplexes thousands of non-blocking connections on a selector with prebuilt
 * requests, while the recovery benchmark's few threads each send requests built on the spot and
 * wait for every answer, with a timeout for connecting and for each read.
 *
 * <p>The connection reopens itself on the next request after any failure.
 */
final class PlainHttpConnection implements AutoCloseable {
    /**
     * A request's head and body are gathered in a buffer this large before they are written, so
     * that with Nagle's algorithm off a small request still leaves in one segment, not two.
     */
    private static final int OUTPUT_BUFFER_BYTES = 16_384;

    private final BenchRequests.Endpoint endpoint;
    private final InetSocketAddress address;
    private final int timeoutMs;
    /** Kept across connections: its buffer has grown to the largest answer so far, and {@link #open()} resets it. */
    private final HttpResponseParser parser = new HttpResponseParser();
    private Socket socket;
    private InputStream input;
    private OutputStream output;

    PlainHttpConnection(String host, int port, Duration timeout) {
        this.endpoint = new BenchRequests.Endpoint(host, port, "");
        this.address = endpoint.address();
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    /** One answer: the HTTP status and the body as text. */
    record Response(int status, String body) {}

    /** Posts a JSON body on behalf of the user whose key {@code authorization} carries ({@code Bearer KEY}). */
    Response post(String path, String authorization, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        return exchange(BenchRequests.postRequestHead(endpoint, path, authorization, "application/json", content.length), content);
    }

    Response get(String path) throws IOException {
        return exchange(BenchRequests.getRequestHead(endpoint, path), new byte[0]);
    }

    private Response exchange(byte[] head, byte[] content) throws IOException {
        try {
            if (socket == null) {
                open();
            }
            output.write(head);
            output.write(content);
            output.flush();
            return readResponse();
        } catch (IOException e) {
            // Whatever failed, the connection may be out of step with the server: the next request opens a new one.
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.connect(address, timeoutMs);
        opened.setSoTimeout(timeoutMs);
        socket = opened;
        input = opened.getInputStream();
        output = new BufferedOutputStream(opened.getOutputStream(), OUTPUT_BUFFER_BYTES);
        parser.reset();
    }

    private Response readResponse() throws IOException {
        while (!parser.parse()) {
            if (parser.readFrom(input) < 0) {
                if (parser.endOfStream()) {
                    // A body without a length runs to the end of the connection, which completed it.
                    break;
                }
                throw new EOFException("the connection closed");
            }
        }
        Response response = new Response(parser.status(),
                new String(parser.bodyArray(), parser.bodyOffset(), parser.bodyLength(), StandardCharsets.UTF_8));
        boolean closeAfter = parser.closeAfter();
        parser.consume();
        if (closeAfter) {
            close();
        }
        return response;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection can fail; it is gone either way.
            }
        }
        socket = null;
        input = null;
        output = null;
    }
}
