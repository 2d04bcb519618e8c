package dsms.protocol.frontend;

import dsms.core.Checks;
import dsms.protocol.message.ReplicaResult;

/**
 * One replica's result for one request, put together from its chunks.
 *
 * <p>The first chunk fixes the sequence number and chunk count. A chunk that contradicts them,
 * an implausible count or a result beyond the byte bound makes the response {@link State#INVALID}:
 * answered, but equal to no other answer. The first complete answer stands; later chunks are
 * ignored.
 */
final class ResultAssembly {
    private State state = State.WAITING;
    private long sequence;
    private byte[][] chunks;
    private int receivedChunks;
    private long receivedBytes;
    private Answer answer;

    ChunkOutcome add(ReplicaResult chunk, int chunksMax, int bytesMax) {
        if (state == State.COMPLETE || state == State.INVALID) {
            return ChunkOutcome.IGNORED;
        }
        if (state == State.WAITING) {
            if (chunk.chunkCount() < 1 || chunk.chunkCount() > chunksMax || chunk.sequence() < 1) {
                return invalidate();
            }
            state = State.PARTIAL;
            sequence = chunk.sequence();
            chunks = new byte[chunk.chunkCount()][];
        }
        if (!fits(chunk)) {
            return invalidate();
        }
        if (chunks[chunk.chunkIndex()] != null) {
            return ChunkOutcome.IGNORED;
        }
        receivedBytes += chunk.resultChunk().length;
        if (receivedBytes > bytesMax) {
            return invalidate();
        }
        chunks[chunk.chunkIndex()] = chunk.resultChunk();
        receivedChunks++;
        return receivedChunks == chunks.length ? complete() : ChunkOutcome.PARTIAL;
    }

    private boolean fits(ReplicaResult chunk) {
        return chunk.sequence() == sequence
                && chunk.chunkCount() == chunks.length
                && chunk.chunkIndex() >= 0
                && chunk.chunkIndex() < chunks.length;
    }

    private ChunkOutcome complete() {
        answer = new Answer(sequence, chunks.length == 1 ? chunks[0] : joined());
        chunks = null;
        state = State.COMPLETE;
        return ChunkOutcome.COMPLETED;
    }

    /**
     * The chunks in one array. A result of one chunk (nearly all of them) is its chunk as it is:
     * the decoder made that array for this message alone, and copying every result was the
     * largest single allocation of a front end under load.
     */
    private byte[] joined() {
        byte[] result = new byte[(int) receivedBytes];
        int offset = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, result, offset, chunk.length);
            offset += chunk.length;
        }
        return result;
    }

    private ChunkOutcome invalidate() {
        chunks = null;
        state = State.INVALID;
        return ChunkOutcome.INVALIDATED;
    }

    State state() {
        return state;
    }

    /** Whether the replica gave a complete answer, valid or not. */
    boolean hasResponded() {
        return state == State.COMPLETE || state == State.INVALID;
    }

    Answer answer() {
        Checks.check(state == State.COMPLETE, "only a complete response has an answer, not a %s one", state);
        return answer;
    }

    enum State {
        WAITING,
        PARTIAL,
        COMPLETE,
        INVALID
    }

    enum ChunkOutcome {
        PARTIAL,
        COMPLETED,
        INVALIDATED,
        IGNORED
    }
}
