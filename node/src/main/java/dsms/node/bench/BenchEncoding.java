package dsms.node.bench;

import dsms.node.http.BatchWire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * How the benchmark's requests and the front end's answers are written: over HTTP in JSON, as any
 * HTTP client sends them, or in the binary batch format ({@link BatchWire}); or as binary batches
 * in the stream protocol's frames ({@link dsms.node.stream.StreamWire}), the fastest path the front
 * end offers. Over HTTP, one operation per request always goes to the single-operation endpoint,
 * in JSON; the stream carries even one operation as a batch.
 */
enum BenchEncoding {
    JSON("application/json"),
    BINARY(BatchWire.CONTENT_TYPE),
    STREAM(BatchWire.CONTENT_TYPE);

    private final String contentType;

    BenchEncoding(String contentType) {
        this.contentType = contentType;
    }

    static BenchEncoding parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The Content-Type of a request of {@code batch} operations. */
    String contentType(int batch) {
        return batch == 1 ? JSON.contentType : contentType;
    }

    /** The body of a request of {@code batch} operations of {@code variant}, one per slot. */
    byte[] body(BenchWorkload workload, int batch, int variant) {
        if (batch == 1 && this != STREAM) {
            return workload.operation(0, variant).body().getBytes(StandardCharsets.UTF_8);
        }
        if (this != JSON) {
            List<BatchWire.Call> calls = new ArrayList<>(batch);
            for (int slot = 0; slot < batch; slot++) {
                calls.add(workload.operation(slot, variant).call());
            }
            return BatchWire.encodeRequest(calls);
        }
        StringJoiner operations = new StringJoiner(",", "{\"operations\":[", "]}");
        for (int slot = 0; slot < batch; slot++) {
            operations.add(workload.operation(slot, variant).batchElement());
        }
        return operations.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a connection's answers: stream frames, or HTTP responses. */
    ResponseReader newReader() {
        return this == STREAM ? new StreamFrameReader() : new HttpResponseParser();
    }

    /** Sorts an answer's results into {@code tally}; see {@link ResultScanner}. */
    void scan(byte[] body, int offset, int length, int operationsPerRequest, ResultScanner.Tally tally) {
        if (this == STREAM || operationsPerRequest > 1 && this == BINARY) {
            ResultScanner.scanBinary(body, offset, length, tally);
        } else if (operationsPerRequest == 1) {
            ResultScanner.scan(body, offset, length, ResultScanner.SINGLE_RESULT_DEPTH, tally);
        } else {
            ResultScanner.scan(body, offset, length, ResultScanner.BATCH_RESULT_DEPTH, tally);
        }
    }
}
