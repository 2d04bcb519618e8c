package dsms.node.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection to the front end, one request at a time, for loading a
 * cluster with many small requests. The JDK's HTTP client spends most of a core on its own
 * machinery at a thousand requests a second on this machine; a plain socket with keep-alive costs
 * the loader almost nothing, so the cluster, not the client, sets the pace.
 *
 * <p>Only what the front end answers is understood: a status line, headers, and a body with a
 * {@code Content-Length} or in chunks. The connection reopens itself on the next request after
 * any failure.
 */
final class PlainHttpConnection implements AutoCloseable {
    /** Bodies larger than this are refused: the loader's answers are a few kilobytes. */
    static final int RESPONSE_BYTES_MAX = 16 << 20;
    /** A header line longer than this is not from our front end. */
    private static final int HEADER_LINE_BYTES_MAX = 8_192;
    private static final int HEADER_LINES_MAX = 100;

    private final InetSocketAddress address;
    private final int timeoutMs;
    private Socket socket;
    private InputStream input;
    private OutputStream output;

    PlainHttpConnection(String host, int port, Duration timeout) {
        this.address = new InetSocketAddress(host, port);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    /** One answer: the HTTP status and the body as text. */
    record Response(int status, String body) {}

    Response post(String path, String authorization, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(address.getHostString()).append(':').append(address.getPort()).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.US_ASCII), content);
    }

    Response get(String path) throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort() + "\r\n\r\n";
        return exchange(head.getBytes(StandardCharsets.US_ASCII), new byte[0]);
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
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("malformed answer: " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.connect(address, timeoutMs);
        opened.setSoTimeout(timeoutMs);
        socket = opened;
        input = new BufferedInputStream(opened.getInputStream(), 16_384);
        output = new BufferedOutputStream(opened.getOutputStream(), 16_384);
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (int lines = 0; ; lines++) {
            if (lines == HEADER_LINES_MAX) {
                throw new IOException("more than " + HEADER_LINES_MAX + " header lines");
            }
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunks();
        } else if (contentLength >= 0) {
            body = readExactly(contentLength);
        } else {
            throw new IOException("an answer without a length");
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readChunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                for (int lines = 0; !readLine().isEmpty(); lines++) {
                    if (lines == HEADER_LINES_MAX) {
                        throw new IOException("more than " + HEADER_LINES_MAX + " trailer lines");
                    }
                }
                return body.toByteArray();
            }
            if (body.size() + size > RESPONSE_BYTES_MAX) {
                throw new IOException("an answer over " + RESPONSE_BYTES_MAX + " bytes");
            }
            body.write(readExactly(size));
            readLine();
        }
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > RESPONSE_BYTES_MAX) {
            throw new IOException("an answer over " + RESPONSE_BYTES_MAX + " bytes");
        }
        byte[] bytes = input.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("the connection closed within an answer");
        }
        return bytes;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int next = input.read();
            if (next < 0) {
                throw new EOFException("the connection closed");
            }
            if (next == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() == HEADER_LINE_BYTES_MAX) {
                throw new IOException("a header line over " + HEADER_LINE_BYTES_MAX + " bytes");
            }
            line.append((char) next);
        }
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
