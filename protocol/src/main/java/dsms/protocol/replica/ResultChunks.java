package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cuts a result into {@code ReplicaResult} chunks that each fit in one datagram. */
final class ResultChunks {
    private ResultChunks() {}

    /** At least one chunk, so that an empty result still reaches the front end. */
    static List<ReplicaResult> of(long sequence, RequestId requestId, byte[] result, int chunkBytesMax) {
        Checks.check(chunkBytesMax >= 1, "chunk size %d is positive", chunkBytesMax);
        int chunkCount = Math.max(1, (result.length + chunkBytesMax - 1) / chunkBytesMax);
        List<ReplicaResult> chunks = new ArrayList<>(chunkCount);
        for (int chunkIndex = 0; chunkIndex < chunkCount; chunkIndex++) {
            int from = chunkIndex * chunkBytesMax;
            int to = Math.min(result.length, from + chunkBytesMax);
            byte[] chunk = chunkCount == 1 ? result : Arrays.copyOfRange(result, from, to);
            chunks.add(new ReplicaResult(sequence, requestId, chunkIndex, chunkCount, chunk));
        }
        return chunks;
    }
}
