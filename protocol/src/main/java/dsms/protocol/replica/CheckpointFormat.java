package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.message.RequestId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The canonical bytes of a checkpoint: everything a replica's future behaviour depends on, in
 * one fixed layout, so that equal states give equal bytes and equal digests on every replica.
 *
 * <p>Big-endian, {@code i32} and {@code i64} signed:
 *
 * <pre>
 *  magic: i32 "DSCP", version: u8 1,
 *  sequence: i64                      the last entry the state includes
 *  lastRecordedSequence: i64          the exactly-once table's latest execution
 *  executionCount: i32, then each, oldest first:
 *    clientId: i64, counter: i64, executedSequence: i64, resultLength: i32, result
 *  snapshotLength: i32, snapshot      the service's canonical snapshot
 * </pre>
 *
 * <p>Decoding never throws: bytes read from a disk or fetched from peers are checked field by field,
 * and anything that is not exactly one checkpoint is refused as a whole.
 */
final class CheckpointFormat {
    static final int MAGIC = 0x44534350; // "DSCP"
    static final byte VERSION = 1;
    private static final int HEADER_BYTES = 4 + 1 + 8 + 8 + 4;
    /** One execution without its result; the exactly-once table keeps its executions in this layout. */
    static final int EXECUTION_EMPTY_BYTES = 8 + 8 + 8 + 4;
    /** The largest array every JVM can allocate. */
    static final int ARRAY_BYTES_MAX = Integer.MAX_VALUE - 8;

    private CheckpointFormat() {}

    /** What a checkpoint holds. */
    record Contents(long sequence, long lastRecordedSequence, List<ExecutedRequests.Recorded> executions, byte[] snapshot) {}

    static byte[] encode(long sequence, ExecutedRequests executed, byte[] snapshot) {
        Capture capture = capture(sequence, executed, snapshot);
        capture.executions().finish();
        return capture.bytes();
    }

    /**
     * A checkpoint's bytes with everything written but the executions, which {@code executions}
     * copies a slice at a time; the bytes are the checkpoint once it is done.
     */
    record Capture(byte[] bytes, ExecutedRequests.Copy executions) {}

    /** Starts the checkpoint of the state after {@code sequence}; see {@link Capture}. */
    static Capture capture(long sequence, ExecutedRequests executed, byte[] snapshot) {
        long length = HEADER_BYTES + 4L + snapshot.length + executed.executionBytes();
        Checks.check(length <= ARRAY_BYTES_MAX, "a checkpoint of %d bytes fits a Java array", length);
        ByteBuffer out = ByteBuffer.allocate((int) length);
        out.putInt(MAGIC).put(VERSION).putLong(sequence).putLong(executed.lastRecordedSequence());
        out.putInt(executed.size());
        // The table holds its executions in this very layout, oldest first: copied, not re-encoded.
        int executionsOffset = out.position();
        out.position(executionsOffset + executed.executionBytes());
        out.putInt(snapshot.length).put(snapshot);
        Checks.check(!out.hasRemaining(), "a checkpoint fills the %d bytes it was sized for", length);
        return new Capture(out.array(), executed.startCopy(out.array(), executionsOffset));
    }

    /**
     * Decodes {@code bytes}, or returns empty when they are not one well-formed checkpoint whose
     * table fits {@code executionsMax} executions.
     */
    static Optional<Contents> decode(byte[] bytes, int executionsMax) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.getInt() != MAGIC || in.get() != VERSION) {
                return Optional.empty();
            }
            long sequence = in.getLong();
            long lastRecordedSequence = in.getLong();
            int executionCount = in.getInt();
            if (sequence < 0 || lastRecordedSequence < 0 || lastRecordedSequence > sequence
                    || executionCount < 0 || executionCount > executionsMax
                    || executionCount > in.remaining() / EXECUTION_EMPTY_BYTES) {
                return Optional.empty();
            }
            List<ExecutedRequests.Recorded> executions = readExecutions(in, executionCount, lastRecordedSequence);
            byte[] snapshot = executions == null ? null : readSized(in);
            if (snapshot == null || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new Contents(sequence, lastRecordedSequence, executions, snapshot));
        } catch (BufferUnderflowException e) {
            // A field ran past the end: truncated bytes, refused like any other malformed checkpoint.
            return Optional.empty();
        }
    }

    /** The executions, or null when they are not in increasing order, each request once. */
    private static List<ExecutedRequests.Recorded> readExecutions(ByteBuffer in, int count, long lastRecordedSequence) {
        List<ExecutedRequests.Recorded> executions = new ArrayList<>(count);
        Set<RequestId> seen = new HashSet<>(count * 2);
        long previousSequence = 0;
        for (int index = 0; index < count; index++) {
            RequestId requestId = new RequestId(in.getLong(), in.getLong());
            long executedSequence = in.getLong();
            byte[] result = readSized(in);
            if (result == null || requestId.counter() < 0 || executedSequence <= previousSequence
                    || executedSequence > lastRecordedSequence || !seen.add(requestId)) {
                return null;
            }
            executions.add(new ExecutedRequests.Recorded(
                    requestId, new ExecutedRequests.Execution(executedSequence, result)));
            previousSequence = executedSequence;
        }
        return executions;
    }

    /** An i32 length and that many bytes, or null when the length is negative or too long. */
    private static byte[] readSized(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
