package dsms.node.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a {@link ServerSocket} for the benchmark client's tests: it reads each
 * request (headers and Content-Length body) and lets a script answer it with raw bytes, however
 * it likes: split in pieces, late, malformed, or by closing the connection. One thread per
 * connection; everything stops on {@link #close()}.
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** What the server does with request number {@code request} (counted over all connections, from 0). */
    @FunctionalInterface
    interface Script {
        void answer(int request, String requestText, OutputStream out) throws IOException, InterruptedException;
    }

    private static final int REQUEST_BYTES_MAX = 1 << 20;

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedHttpServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A 200 answer with a Content-Length body. */
    static byte[] ok(String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        return concat(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + content.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), content);
    }

    /** A 200 answer with the body in chunks of {@code chunkBytes}, as Jetty sends streamed answers. */
    static byte[] chunked(String body, int chunkBytes) {
        StringBuilder text = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int from = 0; from < body.length(); from += chunkBytes) {
            String chunk = body.substring(from, Math.min(body.length(), from + chunkBytes));
            text.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return text.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int connectionsAccepted() {
        return connections.get();
    }

    int requestsReceived() {
        return requests.get();
    }

    List<String> requestTexts() {
        return received;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                connections.incrementAndGet();
                Thread serving = new Thread(() -> serve(socket), "scripted-http-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                // The server socket was closed: the test is over.
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                script.answer(requests.getAndIncrement(), request, out);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The client or the script closed the connection; the test looks at what the client counted.
        }
    }

    /** One whole request as text, or null when the client closed the connection between requests. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int value = in.read();
            if (value < 0) {
                return null;
            }
            head.write(value);
            matched = (value == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (value == '\r' ? 1 : 0);
            if (head.size() > REQUEST_BYTES_MAX) {
                throw new IOException("request headers too large");
            }
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
