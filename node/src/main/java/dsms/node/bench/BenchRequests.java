package dsms.node.bench;

import dsms.node.stream.StreamWire;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The complete bytes of every request a client sends, built once before the run: the hot path
 * only writes them (head and body in one gathering write), so a request costs the benchmark a
 * system call and nothing else.
 */
final class BenchRequests {
    static final String OPERATIONS_PATH = "/api/v1/operations/";
    static final String BATCH_PATH = "/api/v1/batch";

    /** Where the front end listens: the socket address, the Host header and any path prefix. */
    record Endpoint(String host, int port, String basePath) {
        /**
         * Parses {@code http://HOST:PORT[/PREFIX]}; throws {@link IllegalArgumentException} with a
         * message for the user otherwise.
         */
        static Endpoint parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("the URL must be http://HOST:PORT (the benchmark client speaks plain HTTP/1.1)");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            // An IPv6 literal comes with its brackets, which belong to the URL and the Host header, not the address.
            String host = uri.getHost().replaceAll("^\\[|\\]$", "");
            return new Endpoint(host, uri.getPort() < 0 ? 80 : uri.getPort(), path);
        }

        /** Resolves the host now; the caller checks {@link InetSocketAddress#isUnresolved()}. */
        InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        String hostHeader() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }

        String url() {
            return "http://" + hostHeader() + basePath;
        }
    }

    private BenchRequests() {}

    /**
     * The bodies of a workload's requests, one per variant, in direct buffers the socket writes
     * without a copy. A body does not depend on the client (the acting user comes from its key),
     * so every connection shares these bytes through its own view: with 30,000 clients and
     * batches of 1,000 the bodies take two buffers, not 60,000.
     */
    static ByteBuffer[] bodies(BenchWorkload workload, int batch, BenchEncoding encoding) {
        ByteBuffer[] bodies = new ByteBuffer[workload.variants()];
        for (int variant = 0; variant < bodies.length; variant++) {
            byte[] bytes = encoding.body(workload, batch, variant);
            bodies[variant] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        }
        return bodies;
    }

    /**
     * A client's requests ({@code authorization} is its {@code Bearer KEY}), one per variant of
     * the workload: its own head (request line and headers) followed by a view of the shared
     * body. With {@code batch} 1 each is an operation for the single-operation endpoint,
     * otherwise {@code batch} operations, one per slot, for the batch endpoint.
     */
    static ByteBuffer[][] forClient(Endpoint endpoint, BenchWorkload workload, int batch, BenchEncoding encoding,
            ByteBuffer[] bodies, String authorization) {
        ByteBuffer[][] requests = new ByteBuffer[bodies.length][];
        for (int variant = 0; variant < bodies.length; variant++) {
            String path = batch == 1 ? OPERATIONS_PATH + workload.operation(0, variant).name() : BATCH_PATH;
            byte[] head = postRequestHead(endpoint, path, authorization, encoding.contentType(batch), bodies[variant].limit());
            requests[variant] = new ByteBuffer[] {ByteBuffer.allocateDirect(head.length).put(head), bodies[variant].duplicate()};
        }
        return requests;
    }

    /**
     * A client's requests in the stream protocol, one per variant: a batch frame's head (tagged
     * with the variant; one request is in flight per connection) followed by a view of the shared
     * body. The client's hello goes first on each connection ({@link #streamHello}).
     */
    static ByteBuffer[][] forStreamClient(ByteBuffer[] bodies) {
        ByteBuffer[][] requests = new ByteBuffer[bodies.length][];
        for (int variant = 0; variant < bodies.length; variant++) {
            byte[] head = StreamWire.batchHead(variant, null, bodies[variant].limit());
            requests[variant] = new ByteBuffer[] {ByteBuffer.allocateDirect(head.length).put(head), bodies[variant].duplicate()};
        }
        return requests;
    }

    /** The stream protocol's hello of the client whose API key is {@code apiKey}. */
    static ByteBuffer streamHello(String apiKey) {
        byte[] hello = StreamWire.hello(apiKey);
        return ByteBuffer.allocateDirect(hello.length).put(hello);
    }

    /** A client's requests with bodies of their own; for tests, where sharing does not matter. */
    static ByteBuffer[][] forClient(Endpoint endpoint, BenchWorkload workload, int batch, BenchEncoding encoding,
            String authorization) {
        return forClient(endpoint, workload, batch, encoding, bodies(workload, batch, encoding), authorization);
    }

    /**
     * The request line and headers of a POST of a body of {@code contentLength} bytes, on behalf
     * of the user whose key {@code authorization} carries ({@code Bearer KEY}).
     */
    static byte[] postRequestHead(Endpoint endpoint, String path, String authorization, String contentType,
            int contentLength) {
        return requestHead("POST", endpoint, path, "Authorization: " + authorization + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + contentLength + "\r\n");
    }

    /** The request line and headers of a GET without a key, as the front end's status is read. */
    static byte[] getRequestHead(Endpoint endpoint, String path) {
        return requestHead("GET", endpoint, path, "");
    }

    /** {@code headers} are whole lines, each ending in CRLF; the blank line that ends the head is added here. */
    private static byte[] requestHead(String method, Endpoint endpoint, String path, String headers) {
        return (method + " " + endpoint.basePath() + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.hostHeader() + "\r\n"
                + headers
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
