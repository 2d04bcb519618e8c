package dsms.protocol.message;

/**
 * Every protocol message. The sender is not part of a message: it travels in the datagram header
 * (authenticated by the datagram's HMAC) and reaches handlers as {@code from}.
 *
 * <p>Records holding {@code byte[]} compare arrays by identity; compare their bytes with {@link
 * java.util.Arrays#equals(byte[], byte[])} where content matters.
 */
public sealed interface Message
        permits ClientRequest,
                SequencerAck,
                SequencerBusy,
                OrderedBatch,
                SequencerHeartbeat,
                ReplicaAck,
                Nack,
                ReplicaResult,
                ResultRequest,
                CrashSuspicion,
                ResultVerdict,
                CheckpointAnnouncement,
                CheckpointQuery,
                CheckpointChunkRequest,
                CheckpointChunk,
                EntriesRequest,
                EntriesForgotten,
                Probe,
                ProbeReply,
                ProbeReport,
                ManagerReport {}
