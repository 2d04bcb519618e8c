package dsms.node.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * The complete bytes of every request a client sends, built once before the run: the hot path
 * only writes them, so a request costs the benchmark a system call and nothing else.
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
     * One request per variant of the workload for one client ({@code authorization} is its
     * {@code Bearer KEY}): with {@code batch} 1 an operation for the single-operation endpoint,
     * otherwise {@code batch} operations, one per slot, for the batch endpoint.
     */
    static byte[][] build(Endpoint endpoint, BenchWorkload workload, int batch, String authorization) {
        byte[][] requests = new byte[workload.variants()][];
        for (int variant = 0; variant < requests.length; variant++) {
            if (batch == 1) {
                BenchWorkload.Operation operation = workload.operation(0, variant);
                requests[variant] = request(endpoint, OPERATIONS_PATH + operation.name(), authorization, operation.body());
            } else {
                StringJoiner operations = new StringJoiner(",", "{\"operations\":[", "]}");
                for (int slot = 0; slot < batch; slot++) {
                    operations.add(workload.operation(slot, variant).batchElement());
                }
                requests[variant] = request(endpoint, BATCH_PATH, authorization, operations.toString());
            }
        }
        return requests;
    }

    static byte[] request(Endpoint endpoint, String path, String authorization, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + endpoint.basePath() + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.hostHeader() + "\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }
}
