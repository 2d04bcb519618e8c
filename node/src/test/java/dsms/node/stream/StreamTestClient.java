package dsms.node.stream;

import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.node.http.BatchWire;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A blocking stream-protocol client for tests: frames written and read one at a time, with a read timeout. */
final class StreamTestClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    StreamTestClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and says hello with {@code apiKey}; returns the front end's first frame. */
    static StreamTestClient connect(InetSocketAddress address, String apiKey, List<StreamWire.ServerFrame> firstFrame)
            throws IOException {
        StreamTestClient client = new StreamTestClient(address);
        client.write(StreamWire.hello(apiKey));
        firstFrame.add(client.readFrame());
        return client;
    }

    void setReadTimeoutMs(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendBatch(long tag, String idempotencyKey, List<BatchWire.Call> calls) throws IOException {
        byte[] batch = BatchWire.encodeRequest(calls);
        byte[] head = StreamWire.batchHead(tag, idempotencyKey, batch.length);
        byte[] frame = new byte[head.length + batch.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(batch, 0, frame, head.length, batch.length);
        write(frame);
    }

    /** The next frame, decoded; fails the test on a frame this client cannot read. */
    StreamWire.ServerFrame readFrame() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return StreamWire.decodeServerFrame(frame, 0, length)
                .orElseThrow(() -> new AssertionError("a malformed frame of " + length + " bytes"));
    }

    /** Whether the front end closed the connection (the next read meets the end of the stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | java.net.SocketException reset) {
            return true;
        }
    }

    /** The market results of an answer frame whose every entry is a result. */
    static List<Result> results(StreamWire.ServerFrame frame) {
        if (!(frame instanceof StreamWire.Answer answer)) {
            throw new AssertionError("an answer was expected, not " + frame);
        }
        List<Result> results = new ArrayList<>();
        for (BatchWire.Entry entry : BatchWire.decodeAnswer(answer.answer()).orElseThrow().entries()) {
            if (!(entry instanceof BatchWire.ResultEntry result)) {
                throw new AssertionError("a refusal on a healthy cluster: " + entry);
            }
            results.add(ResultCodec.decode(result.result()).orElseThrow());
        }
        return results;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
