package dsms.protocol.codec;

import dsms.protocol.message.Message;
import dsms.protocol.message.OrderedEntry;

/**
 * The wire format of the replication protocol: constants and sizes, shared by the codec and by
 * the protocol roles that size batches and result chunks.
 *
 * <p>Every integer is big-endian. {@code u8} and {@code u16} are unsigned, {@code i64} is a
 * signed 64-bit integer. One datagram is laid out as:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic, the ASCII bytes "DSMS"
 *      4     1  version, {@value #VERSION}
 *      5     1  sender role: the ordinal of NodeId.Role
 *      6     1  sender index: 0..NodeId.INDEX_MAX
 *      7     2  message count (u16), at least 1
 *      9     .  the messages, each: type code (u8), body length (u16), body
 *  end-32   32  HMAC-SHA256 of every byte before it, keyed by the cluster secret
 * </pre>
 *
 * <p>Message bodies, by type code; {@code bytes} is a u16 length followed by that many bytes,
 * {@code requestId} is clientId (i64) then counter (i64), {@code node} is role (u8) then index
 * (u8); {@code i32} is a signed 32-bit integer:
 *
 * <pre>
 *  1 ClientRequest       requestId, command: bytes
 *  2 SequencerAck        requestId, epoch: i64, sequence: i64
 *  3 SequencerBusy       requestId
 *  4 OrderedBatch        entry count: u16, then each entry:
 *                          epoch: i64, sequence: i64, timestampMillis: i64, requestId,
 *                          frontEnd: node, command: bytes
 *  5 SequencerHeartbeat  epoch: i64, highestSequence: i64
 *  6 ReplicaAck          highestContiguousSequence: i64
 *  7 Nack                fromSequence: i64, toSequence: i64
 *  8 ReplicaResult       sequence: i64, requestId, chunkIndex: u16, chunkCount: u16,
 *                          resultChunk: bytes
 *  9 ResultRequest       requestId, sequence: i64
 * 10 CrashSuspicion      replicaIndex: u8, sequence: i64
 * 11 ResultVerdict       requestId, sequence: i64, replicaIndex: u8, verdict: u8 (ordinal)
 * 12 CheckpointAnnouncement  sequence: i64, deliveredSequence: i64, checkpointBytes: i32,
 *                          digest: 32 bytes (no length prefix)
 * 13 CheckpointQuery     (empty body)
 * 14 CheckpointChunkRequest  sequence: i64, offsetBytes: i32, lengthBytes: u16
 * 15 CheckpointChunk     sequence: i64, offsetBytes: i32, chunk: bytes
 * 16 EntriesRequest      fromSequence: i64, toSequence: i64
 * 17 EntriesForgotten    epoch: i64, firstHeldSequence: i64
 * 18 Probe               nonce: i64
 * 19 ProbeReply          nonce: i64, status: u8 (ordinal of ReplicaStatus), deliveredSequence: i64
 * 20 ProbeReport         replicaIndex: u8, finding: u8 (ordinal)
 * 21 ManagerReport       replicaIndex: u8, status: u8 (ordinal), restarts: i32, replacements: i32
 * </pre>
 *
 * <p>Field ranges, enforced when encoding (a violation is a programmer error) and when decoding
 * (a violation rejects the datagram): a sequence number that names a position in the total order
 * (an entry's, an acknowledged request's, a result's, a verdict's, both ends of a nack) is at
 * least 1 and a nack's end is not below its start; a sequence number that may mean "none yet"
 * or "unknown" (a cumulative acknowledgement, a heartbeat's highest, a result request's, a crash
 * suspicion's, a checkpoint's, a probe reply's) is at least 0; epochs, timestamps and request
 * counters are at least 0, while a client ID and a probe nonce may be any value; replica indexes are
 * within 0..NodeId.INDEX_MAX; a chunk count is within 1..{@value #RESULT_CHUNK_COUNT_MAX} and a
 * chunk index below it; a command holds at most {@value #COMMAND_BYTES_MAX} bytes; an entries
 * request follows the rule of a nack; a sequencer's first held sequence is at least 1; a checkpoint
 * announcement's delivered sequence is not below its sequence and its length is at least 0; a
 * checkpoint chunk request asks for at least 1 byte from an offset of at least 0, and a checkpoint
 * chunk holds at least 1 byte from an offset of at least 0, both ending at most at {@code
 * Integer.MAX_VALUE}; status, finding and verdict ordinals name a value of their enum.
 *
 * <p>The encoding is canonical: every field has a fixed width or an exact length prefix, so a
 * list of messages has exactly one encoding and the decoder accepts nothing else.
 */
public final class DatagramFormat {
    /** "DSMS" in ASCII: tells our datagrams apart from stray traffic on the same port. */
    public static final int MAGIC = 0x44534D53;

    /**
     * Bumped on any change to the layout; a node drops datagrams of another version. Version 2
     * added the recovery messages (type codes 12 to 20).
     */
    public static final byte VERSION = 2;

    /** Magic, version, sender role, sender index and message count. */
    public static final int HEADER_BYTES = 4 + 1 + 1 + 1 + 2;

    /** The HMAC-SHA256 tag that closes every datagram. */
    public static final int MAC_BYTES = 32;

    /** What every datagram carries besides its messages. */
    public static final int DATAGRAM_OVERHEAD_BYTES = HEADER_BYTES + MAC_BYTES;

    /** The type code and body length in front of every message body. */
    public static final int MESSAGE_HEADER_BYTES = 1 + 2;

    /** The most payload one UDP datagram can carry over IPv4: 65,535 minus the IP and UDP headers. */
    public static final int UDP_PAYLOAD_BYTES_MAX = 65_507;

    /**
     * The default datagram size limit: just under {@link #UDP_PAYLOAD_BYTES_MAX}, so that a full
     * datagram always fits one UDP payload, with a margin for IP options.
     */
    public static final int DATAGRAM_BYTES_MAX_DEFAULT = 65_000;

    /**
     * The largest command a client request or an ordered entry may carry. A share market command
     * is a handful of identifiers and numbers, far below this; the bound keeps a datagram able to
     * carry many entries and lets a decoder refuse absurd lengths before allocating anything.
     */
    public static final int COMMAND_BYTES_MAX = 4_096;

    /**
     * The most chunks one result may be split into. With the default datagram size that allows
     * results of about 64 MiB, far beyond any share market answer; a front end reassembling
     * chunks can rely on this bound.
     */
    public static final int RESULT_CHUNK_COUNT_MAX = 1_024;

    /** The length of a state digest on the wire: a SHA-256 hash. */
    public static final int DIGEST_BYTES = 32;

    /** The encoded size of a {@code CheckpointChunk} with an empty chunk, message header included. */
    public static final int CHECKPOINT_CHUNK_EMPTY_BYTES = MESSAGE_HEADER_BYTES + 8 + 4 + 2;

    /** The shortest cluster secret accepted: 128 bits. */
    public static final int CLUSTER_SECRET_BYTES_MIN = 16;

    /** The encoded size of an {@code OrderedBatch} with no entries, message header included. */
    public static final int ORDERED_BATCH_EMPTY_BYTES = MESSAGE_HEADER_BYTES + 2;

    /** What one entry with an empty command adds to the encoding of its {@code OrderedBatch}. */
    public static final int ORDERED_ENTRY_EMPTY_BYTES = 8 + 8 + 8 + 16 + 2 + 2;

    /** The encoded size of a {@code ReplicaResult} with an empty chunk, message header included. */
    public static final int REPLICA_RESULT_EMPTY_BYTES = MESSAGE_HEADER_BYTES + 8 + 16 + 2 + 2 + 2;

    /**
     * The smallest datagram size limit a codec accepts: enough for one ordered batch holding one
     * entry with the largest command, so that every valid message can always travel.
     */
    public static final int DATAGRAM_BYTES_MIN =
            DATAGRAM_OVERHEAD_BYTES + ORDERED_BATCH_EMPTY_BYTES + ORDERED_ENTRY_EMPTY_BYTES + COMMAND_BYTES_MAX;

    private DatagramFormat() {}

    /** The bytes {@code message} takes in a datagram, its type code and length included. */
    public static int encodedLengthBytes(Message message) {
        return MESSAGE_HEADER_BYTES + MessageWriter.bodyBytes(message);
    }

    /** The bytes {@code entry} adds to the encoding of the {@code OrderedBatch} that holds it. */
    public static int encodedLengthBytes(OrderedEntry entry) {
        return ORDERED_ENTRY_EMPTY_BYTES + entry.command().length;
    }

    /** The largest message, as {@link #encodedLengthBytes(Message)} counts, that fits one datagram. */
    public static int messageBytesMax(int datagramBytesMax) {
        return datagramBytesMax - DATAGRAM_OVERHEAD_BYTES;
    }

    /** The largest result chunk a {@code ReplicaResult} can carry in one datagram. */
    public static int resultChunkBytesMax(int datagramBytesMax) {
        return messageBytesMax(datagramBytesMax) - REPLICA_RESULT_EMPTY_BYTES;
    }

    /** The largest chunk a {@code CheckpointChunk} can carry in one datagram. */
    public static int checkpointChunkBytesMax(int datagramBytesMax) {
        return messageBytesMax(datagramBytesMax) - CHECKPOINT_CHUNK_EMPTY_BYTES;
    }
}
