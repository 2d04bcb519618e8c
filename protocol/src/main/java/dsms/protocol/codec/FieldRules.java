package dsms.protocol.codec;

import dsms.protocol.message.NodeId;

/**
 * The value ranges of message fields, shared by the encoder (where a violation is a programmer
 * error) and the decoder (where it rejects the datagram), so that whatever encodes also decodes.
 * {@link DatagramFormat} lists the rules.
 */
final class FieldRules {
    private FieldRules() {}

    /** A position in the total order: sequence numbers start at 1. */
    static boolean isPosition(long sequence) {
        return sequence >= 1;
    }

    /** A sequence number where 0 means "none yet" or "unknown". */
    static boolean isPositionOrNone(long sequence) {
        return sequence >= 0;
    }

    static boolean isNackRange(long fromSequence, long toSequence) {
        return isPosition(fromSequence) && toSequence >= fromSequence;
    }

    static boolean isEpoch(long epoch) {
        return epoch >= 0;
    }

    static boolean isTimestamp(long timestampMillis) {
        return timestampMillis >= 0;
    }

    /** Client IDs are opaque identities and may take any value; counters only count up from 0. */
    static boolean isRequestCounter(long counter) {
        return counter >= 0;
    }

    static boolean isReplicaIndex(int replicaIndex) {
        return replicaIndex >= 0 && replicaIndex <= NodeId.INDEX_MAX;
    }

    static boolean isChunk(int chunkIndex, int chunkCount) {
        return chunkCount >= 1
                && chunkCount <= DatagramFormat.RESULT_CHUNK_COUNT_MAX
                && chunkIndex >= 0
                && chunkIndex < chunkCount;
    }

    static boolean isCommandLength(int commandBytes) {
        return commandBytes <= DatagramFormat.COMMAND_BYTES_MAX;
    }

    /** A checkpoint's announcement: its replica delivered at least the entries it includes. */
    static boolean isCheckpointAnnouncement(long sequence, long deliveredSequence, int checkpointBytes) {
        return isPositionOrNone(sequence) && deliveredSequence >= sequence && checkpointBytes >= 0;
    }

    /** A non-empty byte range of a checkpoint, which is a Java array and so ends within an int. */
    static boolean isCheckpointRange(int offsetBytes, int lengthBytes) {
        return offsetBytes >= 0 && lengthBytes >= 1 && offsetBytes <= Integer.MAX_VALUE - lengthBytes;
    }
}
