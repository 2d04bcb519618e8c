package dsms.node.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads the HTTP/1.1 responses of one keep-alive connection, incrementally: the bytes may arrive
 * in any pieces, and a response is complete once its status line, its headers and its body are in.
 * The body is delimited by {@code Content-Length}, by {@code Transfer-Encoding: chunked} (Jetty
 * chooses it when it streams an answer) or, failing both, by the end of the connection.
 *
 * <p>It allocates nothing per response, because the benchmark must load the system rather than
 * its own garbage collector: the bytes live in one buffer that grows, up to {@link
 * #RESPONSE_BYTES_MAX}, only when a larger response arrives, and a chunked body is reassembled in
 * place, each chunk's data moved down over the chunk headers before it.
 */
final class HttpResponseParser implements ResponseReader {
    /** Status line and headers together; the front end sends a few hundred bytes. */
    static final int HEADER_BYTES_MAX = 16 * 1024;
    /** A whole response as received; the front end itself reassembles results up to 16 MiB. */
    static final int RESPONSE_BYTES_MAX = 16 * 1024 * 1024;
    static final int BUFFER_BYTES_INITIAL = 2 * 1024;
    /** A read is offered at least this much free space; with less the buffer grows first. */
    static final int READ_BYTES_MIN = 1024;
    /** A chunk-size line is a hexadecimal number with optional extensions; longer is malformed. */
    static final int CHUNK_LINE_BYTES_MAX = 1024;

    /** A response that is not HTTP/1.x as this client understands it, or too large. */
    static final class MalformedResponseException extends IOException {
        MalformedResponseException(String message) {
            super(message);
        }
    }

    private enum ChunkState { SIZE_LINE, DATA, DATA_END, TRAILERS }

    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");

    private byte[] buffer = new byte[BUFFER_BYTES_INITIAL];
    /** A view of {@link #buffer} for channel reads, replaced only when the buffer grows. */
    private ByteBuffer view = ByteBuffer.wrap(buffer);
    /** Bytes received and not yet consumed; the current response always starts at index 0. */
    private int filled;
    /** Where the search for the end of the headers resumes, so a slow trickle is not rescanned. */
    private int headerScan;
    /** Index just after the blank line that ends the headers, or -1 while they are incomplete. */
    private int headerEnd = -1;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean untilClose;
    private boolean closeAfter;
    private boolean complete;
    /** The decoded body is {@code buffer[headerEnd, bodyEnd)}. */
    private int bodyEnd;
    /** Index just after the last raw byte of the complete response. */
    private int responseEnd;
    private ChunkState chunkState = ChunkState.SIZE_LINE;
    /** Next raw byte of a chunked body still to be decoded. */
    private int chunkScan;
    private long chunkRemaining;

    /**
     * Reads what the channel has into the buffer; returns the count, or -1 at the end of the
     * stream. Throws when the response being read has outgrown {@link #RESPONSE_BYTES_MAX}.
     */
    @Override
    public int readFrom(ReadableByteChannel channel) throws IOException {
        ensureFreeSpace();
        view.limit(buffer.length).position(filled);
        int count = channel.read(view);
        if (count > 0) {
            filled += count;
        }
        return count;
    }

    /**
     * Reads what a blocking stream has into the buffer, waiting as the stream waits (a socket's
     * read timeout applies); returns the count, or -1 at the end of the stream. It takes the
     * stream itself rather than a channel over it because such a channel closes the socket when
     * the reading thread is interrupted, which would turn an interrupt meant only to end a pause
     * between requests into a failed request.
     */
    int readFrom(InputStream input) throws IOException {
        ensureFreeSpace();
        int count = input.read(buffer, filled, buffer.length - filled);
        if (count > 0) {
            filled += count;
        }
        return count;
    }

    /** Appends bytes as if read from the connection; for tests and for callers with their own reads. */
    void receive(byte[] bytes, int offset, int length) throws MalformedResponseException {
        int copied = 0;
        while (copied < length) {
            ensureFreeSpace();
            int count = Math.min(length - copied, buffer.length - filled);
            System.arraycopy(bytes, offset + copied, buffer, filled, count);
            filled += count;
            copied += count;
        }
    }

    /**
     * Advances over what has arrived; true once the current response is complete. Throws on a
     * malformed or oversized response: the connection is then unusable.
     */
    @Override
    public boolean parse() throws MalformedResponseException {
        while (!complete) {
            if (headerEnd < 0 && !parseHeaders()) {
                return false;
            }
            if (headerEnd < 0) {
                continue;
            }
            if (chunked) {
                return parseChunks();
            }
            if (untilClose) {
                return false;
            }
            if (filled - headerEnd < contentLength) {
                return false;
            }
            bodyEnd = headerEnd + (int) contentLength;
            responseEnd = bodyEnd;
            complete = true;
        }
        return true;
    }

    /**
     * The connection reached its end. Returns true if that completed a response whose body runs
     * to the end of the connection; false if nothing of a response had arrived (the server closed
     * an idle connection). Throws if a response was cut off.
     */
    @Override
    public boolean endOfStream() throws MalformedResponseException {
        if (complete) {
            return true;
        }
        if (headerEnd >= 0 && untilClose) {
            bodyEnd = filled;
            responseEnd = filled;
            closeAfter = true;
            complete = true;
            return true;
        }
        if (filled == 0) {
            return false;
        }
        throw new MalformedResponseException("the connection closed in the middle of a response");
    }

    /** True when no byte of a next response has arrived. */
    boolean isEmpty() {
        return filled == 0;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public byte[] bodyArray() {
        return buffer;
    }

    @Override
    public int bodyOffset() {
        return headerEnd;
    }

    @Override
    public int bodyLength() {
        return bodyEnd - headerEnd;
    }

    /** The server will close the connection after this response ({@code Connection: close}, HTTP/1.0). */
    @Override
    public boolean closeAfter() {
        return closeAfter;
    }

    /** Drops the complete response, keeping any bytes already received after it. */
    @Override
    public void consume() {
        int leftover = filled - responseEnd;
        System.arraycopy(buffer, responseEnd, buffer, 0, leftover);
        filled = leftover;
        resetResponse();
    }

    /** Forgets everything, for a new connection. */
    @Override
    public void reset() {
        filled = 0;
        resetResponse();
    }

    private void resetResponse() {
        headerScan = 0;
        headerEnd = -1;
        status = 0;
        contentLength = 0;
        chunked = false;
        untilClose = false;
        closeAfter = false;
        complete = false;
        bodyEnd = 0;
        responseEnd = 0;
        chunkState = ChunkState.SIZE_LINE;
        chunkScan = 0;
        chunkRemaining = 0;
    }

    private void ensureFreeSpace() throws MalformedResponseException {
        if (buffer.length - filled >= READ_BYTES_MIN) {
            return;
        }
        if (buffer.length >= RESPONSE_BYTES_MAX) {
            throw new MalformedResponseException("a response is larger than " + RESPONSE_BYTES_MAX + " bytes");
        }
        byte[] larger = new byte[(int) Math.min(RESPONSE_BYTES_MAX, 2L * buffer.length)];
        System.arraycopy(buffer, 0, larger, 0, filled);
        buffer = larger;
        view = ByteBuffer.wrap(buffer);
    }

    /** Finds and reads the headers; false while they are incomplete. */
    private boolean parseHeaders() throws MalformedResponseException {
        int end = indexOfBlankLine();
        if (end < 0) {
            if (filled > HEADER_BYTES_MAX) {
                throw new MalformedResponseException("the response headers exceed " + HEADER_BYTES_MAX + " bytes");
            }
            return false;
        }
        int statusLineEnd = indexOfLineEnd(0, end + 2);
        readStatusLine(statusLineEnd);
        boolean keepAlive = false;
        boolean hasContentLength = false;
        int line = statusLineEnd + 2;
        while (line < end) {
            int lineEnd = indexOfLineEnd(line, end + 2);
            int colon = indexOf((byte) ':', line, lineEnd);
            if (colon < 0) {
                throw new MalformedResponseException("a response header line has no colon");
            }
            int valueStart = skipSpaces(colon + 1, lineEnd);
            if (equalsIgnoreCase(line, colon, CONTENT_LENGTH)) {
                contentLength = parseLength(valueStart, lineEnd);
                hasContentLength = true;
            } else if (equalsIgnoreCase(line, colon, TRANSFER_ENCODING)) {
                chunked = containsIgnoreCase(valueStart, lineEnd, CHUNKED);
            } else if (equalsIgnoreCase(line, colon, CONNECTION)) {
                closeAfter |= containsIgnoreCase(valueStart, lineEnd, CLOSE);
                keepAlive |= containsIgnoreCase(valueStart, lineEnd, KEEP_ALIVE);
            }
            line = lineEnd + 2;
        }
        headerEnd = end + 4;
        if (buffer[7] == '0' && !keepAlive) {
            // HTTP/1.0 closes after every response unless the server said otherwise.
            closeAfter = true;
        }
        if (status >= 100 && status < 200 && status != 101) {
            // An interim response (100 Continue): skip it; the real one follows on the same connection.
            responseEnd = headerEnd;
            consume();
            return true;
        }
        boolean noBody = status == 204 || status == 304;
        if (noBody) {
            chunked = false;
            contentLength = 0;
        } else if (!chunked && !hasContentLength) {
            untilClose = true;
            closeAfter = true;
        }
        if (contentLength > RESPONSE_BYTES_MAX) {
            throw new MalformedResponseException("a response body of " + contentLength + " bytes exceeds "
                    + RESPONSE_BYTES_MAX);
        }
        bodyEnd = headerEnd;
        chunkScan = headerEnd;
        return true;
    }

    private void readStatusLine(int end) throws MalformedResponseException {
        // "HTTP/1.1 200 OK": the version, one space, three digits.
        if (end < 12 || buffer[0] != 'H' || buffer[1] != 'T' || buffer[2] != 'T' || buffer[3] != 'P'
                || buffer[4] != '/' || buffer[5] != '1' || buffer[6] != '.' || buffer[8] != ' ') {
            throw new MalformedResponseException("the response does not start with an HTTP/1.x status line");
        }
        int code = 0;
        for (int index = 9; index < 12; index++) {
            int digit = buffer[index] - '0';
            if (digit < 0 || digit > 9) {
                throw new MalformedResponseException("the response status is not a number");
            }
            code = code * 10 + digit;
        }
        status = code;
    }

    /** Decodes chunks in place as far as they have arrived; true once the last chunk and trailers are in. */
    private boolean parseChunks() throws MalformedResponseException {
        while (true) {
            switch (chunkState) {
                case SIZE_LINE -> {
                    int lineEnd = indexOfLineEndOrMinus(chunkScan, filled);
                    if (lineEnd < 0) {
                        if (filled - chunkScan > CHUNK_LINE_BYTES_MAX) {
                            throw new MalformedResponseException("a chunk-size line is too long");
                        }
                        return false;
                    }
                    long size = parseChunkSize(chunkScan, lineEnd);
                    chunkScan = lineEnd + 2;
                    if (size == 0) {
                        chunkState = ChunkState.TRAILERS;
                    } else {
                        if ((bodyEnd - headerEnd) + size > RESPONSE_BYTES_MAX) {
                            throw new MalformedResponseException("a chunked body exceeds " + RESPONSE_BYTES_MAX + " bytes");
                        }
                        chunkRemaining = size;
                        chunkState = ChunkState.DATA;
                    }
                }
                case DATA -> {
                    int count = (int) Math.min(chunkRemaining, filled - chunkScan);
                    if (count == 0) {
                        return false;
                    }
                    // Moves the data down over the chunk headers before it; the regions may overlap.
                    System.arraycopy(buffer, chunkScan, buffer, bodyEnd, count);
                    bodyEnd += count;
                    chunkScan += count;
                    chunkRemaining -= count;
                    if (chunkRemaining == 0) {
                        chunkState = ChunkState.DATA_END;
                    }
                }
                case DATA_END -> {
                    if (filled - chunkScan < 2) {
                        return false;
                    }
                    if (buffer[chunkScan] != '\r' || buffer[chunkScan + 1] != '\n') {
                        throw new MalformedResponseException("a chunk does not end with CRLF");
                    }
                    chunkScan += 2;
                    chunkState = ChunkState.SIZE_LINE;
                }
                case TRAILERS -> {
                    int lineEnd = indexOfLineEndOrMinus(chunkScan, filled);
                    if (lineEnd < 0) {
                        if (filled - chunkScan > HEADER_BYTES_MAX) {
                            throw new MalformedResponseException("the trailers exceed " + HEADER_BYTES_MAX + " bytes");
                        }
                        return false;
                    }
                    boolean blank = lineEnd == chunkScan;
                    chunkScan = lineEnd + 2;
                    if (blank) {
                        responseEnd = chunkScan;
                        complete = true;
                        return true;
                    }
                }
            }
        }
    }

    private long parseChunkSize(int from, int to) throws MalformedResponseException {
        long size = 0;
        int digits = 0;
        for (int index = from; index < to && buffer[index] != ';' && buffer[index] != ' '; index++) {
            int value = Character.digit(buffer[index], 16);
            if (value < 0 || ++digits > 8) {
                throw new MalformedResponseException("a chunk size is not a hexadecimal number of at most 8 digits");
            }
            size = size * 16 + value;
        }
        if (digits == 0) {
            throw new MalformedResponseException("a chunk-size line has no size");
        }
        return size;
    }

    private long parseLength(int from, int to) throws MalformedResponseException {
        long length = 0;
        int digits = 0;
        int end = to;
        while (end > from && buffer[end - 1] == ' ') {
            end--;
        }
        for (int index = from; index < end; index++) {
            int digit = buffer[index] - '0';
            if (digit < 0 || digit > 9 || ++digits > 10) {
                throw new MalformedResponseException("Content-Length is not a number of at most 10 digits");
            }
            length = length * 10 + digit;
        }
        if (digits == 0) {
            throw new MalformedResponseException("Content-Length is empty");
        }
        return length;
    }

    /** Index of the CR of the CRLF CRLF that ends the headers, or -1. */
    private int indexOfBlankLine() {
        for (int index = headerScan; index + 3 < filled; index++) {
            if (buffer[index] == '\r' && buffer[index + 1] == '\n' && buffer[index + 2] == '\r' && buffer[index + 3] == '\n') {
                return index;
            }
        }
        headerScan = Math.max(0, filled - 3);
        return -1;
    }

    /** Index of the CR of the next CRLF in [from, to); the headers are known to contain one. */
    private int indexOfLineEnd(int from, int to) throws MalformedResponseException {
        int index = indexOfLineEndOrMinus(from, to);
        if (index < 0) {
            throw new MalformedResponseException("a response line does not end with CRLF");
        }
        return index;
    }

    private int indexOfLineEndOrMinus(int from, int to) {
        for (int index = from; index + 1 < to; index++) {
            if (buffer[index] == '\r' && buffer[index + 1] == '\n') {
                return index;
            }
        }
        return -1;
    }

    private int indexOf(byte value, int from, int to) {
        for (int index = from; index < to; index++) {
            if (buffer[index] == value) {
                return index;
            }
        }
        return -1;
    }

    private int skipSpaces(int from, int to) {
        int index = from;
        while (index < to && (buffer[index] == ' ' || buffer[index] == '\t')) {
            index++;
        }
        return index;
    }

    /** Whether {@code buffer[from, to)} is {@code lowerCase}, ignoring the case of ASCII letters. */
    private boolean equalsIgnoreCase(int from, int to, byte[] lowerCase) {
        int end = to;
        while (end > from && buffer[end - 1] == ' ') {
            end--;
        }
        return end - from == lowerCase.length && regionMatches(from, lowerCase);
    }

    private boolean containsIgnoreCase(int from, int to, byte[] lowerCase) {
        for (int index = from; index + lowerCase.length <= to; index++) {
            if (regionMatches(index, lowerCase)) {
                return true;
            }
        }
        return false;
    }

    private boolean regionMatches(int from, byte[] lowerCase) {
        for (int index = 0; index < lowerCase.length; index++) {
            int value = buffer[from + index];
            if (value >= 'A' && value <= 'Z') {
                value += 'a' - 'A';
            }
            if (value != lowerCase[index]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
