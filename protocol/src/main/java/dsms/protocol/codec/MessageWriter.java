package dsms.protocol.codec;

import dsms.core.Checks;
import dsms.core.InvariantViolation;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import dsms.protocol.message.SequencerHeartbeat;
import java.nio.ByteBuffer;

/**
 * Computes the size of message bodies and writes them, as {@link DatagramFormat} lays them out.
 *
 * <p>Field ranges are checked here, while writing, so that a role that builds a bad message fails
 * at the sender instead of having its datagram silently dropped by every receiver. The checks use
 * constant messages because formatted ones would allocate on every call of this hot path.
 */
final class MessageWriter {
    static final int REQUEST_ID_BYTES = 8 + 8;
    static final int LENGTH_PREFIX_BYTES = 2;
    static final int UNSIGNED_SHORT_MAX = 0xFFFF;

    private MessageWriter() {}

    /** The size of the body of {@code message}, without its type code and length. */
    static int bodyBytes(Message message) {
        if (message instanceof ClientRequest request) {
            return REQUEST_ID_BYTES + LENGTH_PREFIX_BYTES + request.command().length;
        } else if (message instanceof SequencerAck) {
            return REQUEST_ID_BYTES + 8 + 8;
        } else if (message instanceof SequencerBusy) {
            return REQUEST_ID_BYTES;
        } else if (message instanceof OrderedBatch batch) {
            return orderedBatchBodyBytes(batch);
        } else if (message instanceof SequencerHeartbeat) {
            return 8 + 8;
        } else if (message instanceof ReplicaAck) {
            return 8;
        } else if (message instanceof Nack) {
            return 8 + 8;
        } else if (message instanceof ReplicaResult result) {
            return DatagramFormat.REPLICA_RESULT_EMPTY_BYTES
                    - DatagramFormat.MESSAGE_HEADER_BYTES
                    + result.resultChunk().length;
        } else if (message instanceof ResultRequest) {
            return REQUEST_ID_BYTES + 8;
        } else if (message instanceof CrashSuspicion) {
            return 1 + 8;
        } else if (message instanceof ResultVerdict) {
            return REQUEST_ID_BYTES + 8 + 1 + 1;
        }
        return recoveryBodyBytes(message);
    }

    /** The body sizes of the messages of checkpoints, state transfer and replica managers. */
    private static int recoveryBodyBytes(Message message) {
        if (message instanceof CheckpointAnnouncement) {
            return 8 + 8 + 4 + DatagramFormat.DIGEST_BYTES;
        } else if (message instanceof CheckpointQuery) {
            return 0;
        } else if (message instanceof CheckpointChunkRequest) {
            return 8 + 4 + 2;
        } else if (message instanceof CheckpointChunk chunk) {
            return DatagramFormat.CHECKPOINT_CHUNK_EMPTY_BYTES
                    - DatagramFormat.MESSAGE_HEADER_BYTES
                    + chunk.chunk().length;
        } else if (message instanceof EntriesRequest || message instanceof EntriesForgotten) {
            return 8 + 8;
        } else if (message instanceof Probe) {
            return 8;
        } else if (message instanceof ProbeReply) {
            return 8 + 1 + 8;
        } else if (message instanceof ProbeReport) {
            return 1 + 1;
        } else if (message instanceof ManagerReport) {
            return 1 + 1 + 4 + 4;
        }
        throw unknownType(message);
    }

    /**
     * Writes the type code, body length and body of {@code message} at the position of {@code
     * out}, which must have room for them; {@code bodyBytes} is what {@link #bodyBytes} returned.
     */
    static void write(Message message, int bodyBytes, ByteBuffer out) {
        int headerStart = out.position();
        int bodyStart = headerStart + DatagramFormat.MESSAGE_HEADER_BYTES;
        out.position(bodyStart);
        MessageType type = writeBody(message, out);
        Checks.check(out.position() - bodyStart == bodyBytes, "a message body is as long as computed");
        out.put(headerStart, (byte) type.code);
        out.putShort(headerStart + 1, (short) bodyBytes);
    }

    private static MessageType writeBody(Message message, ByteBuffer out) {
        if (message instanceof ClientRequest request) {
            writeClientRequest(request, out);
            return MessageType.CLIENT_REQUEST;
        } else if (message instanceof SequencerAck ack) {
            writeSequencerAck(ack, out);
            return MessageType.SEQUENCER_ACK;
        } else if (message instanceof SequencerBusy busy) {
            writeRequestId(busy.requestId(), out);
            return MessageType.SEQUENCER_BUSY;
        } else if (message instanceof OrderedBatch batch) {
            writeOrderedBatch(batch, out);
            return MessageType.ORDERED_BATCH;
        } else if (message instanceof SequencerHeartbeat heartbeat) {
            writeSequencerHeartbeat(heartbeat, out);
            return MessageType.SEQUENCER_HEARTBEAT;
        } else if (message instanceof ReplicaAck ack) {
            writeReplicaAck(ack, out);
            return MessageType.REPLICA_ACK;
        } else if (message instanceof Nack nack) {
            writeNack(nack, out);
            return MessageType.NACK;
        } else if (message instanceof ReplicaResult result) {
            writeReplicaResult(result, out);
            return MessageType.REPLICA_RESULT;
        } else if (message instanceof ResultRequest request) {
            writeResultRequest(request, out);
            return MessageType.RESULT_REQUEST;
        } else if (message instanceof CrashSuspicion suspicion) {
            writeCrashSuspicion(suspicion, out);
            return MessageType.CRASH_SUSPICION;
        } else if (message instanceof ResultVerdict verdict) {
            writeResultVerdict(verdict, out);
            return MessageType.RESULT_VERDICT;
        }
        return writeRecoveryBody(message, out);
    }

    private static MessageType writeRecoveryBody(Message message, ByteBuffer out) {
        if (message instanceof CheckpointAnnouncement announcement) {
            writeCheckpointAnnouncement(announcement, out);
            return MessageType.CHECKPOINT_ANNOUNCEMENT;
        } else if (message instanceof CheckpointQuery) {
            return MessageType.CHECKPOINT_QUERY;
        } else if (message instanceof CheckpointChunkRequest request) {
            writeCheckpointChunkRequest(request, out);
            return MessageType.CHECKPOINT_CHUNK_REQUEST;
        } else if (message instanceof CheckpointChunk chunk) {
            writeCheckpointChunk(chunk, out);
            return MessageType.CHECKPOINT_CHUNK;
        } else if (message instanceof EntriesRequest request) {
            writeEntriesRequest(request, out);
            return MessageType.ENTRIES_REQUEST;
        } else if (message instanceof EntriesForgotten forgotten) {
            writeEntriesForgotten(forgotten, out);
            return MessageType.ENTRIES_FORGOTTEN;
        } else if (message instanceof Probe probe) {
            out.putLong(probe.nonce());
            return MessageType.PROBE;
        } else if (message instanceof ProbeReply reply) {
            writeProbeReply(reply, out);
            return MessageType.PROBE_REPLY;
        } else if (message instanceof ProbeReport report) {
            writeProbeReport(report, out);
            return MessageType.PROBE_REPORT;
        } else if (message instanceof ManagerReport report) {
            writeManagerReport(report, out);
            return MessageType.MANAGER_REPORT;
        }
        throw unknownType(message);
    }

    private static void writeCheckpointAnnouncement(CheckpointAnnouncement announcement, ByteBuffer out) {
        Checks.check(
                FieldRules.isCheckpointAnnouncement(
                        announcement.sequence(), announcement.deliveredSequence(), announcement.checkpointBytes()),
                "a checkpoint announcement's sequence is at least 0, its delivered sequence not below it, its length at least 0");
        Checks.check(announcement.digest() != null, "a checkpoint announcement carries a digest");
        out.putLong(announcement.sequence()).putLong(announcement.deliveredSequence());
        out.putInt(announcement.checkpointBytes());
        out.put(announcement.digest().toBytes());
    }

    private static void writeCheckpointChunkRequest(CheckpointChunkRequest request, ByteBuffer out) {
        Checks.check(FieldRules.isPositionOrNone(request.sequence()), "a checkpoint chunk request's sequence is at least 0");
        Checks.check(
                FieldRules.isCheckpointRange(request.offsetBytes(), request.lengthBytes())
                        && request.lengthBytes() <= UNSIGNED_SHORT_MAX,
                "a checkpoint chunk request asks for 1..65535 bytes from an offset of at least 0");
        out.putLong(request.sequence()).putInt(request.offsetBytes());
        writeUnsignedShort(request.lengthBytes(), out);
    }

    private static void writeCheckpointChunk(CheckpointChunk chunk, ByteBuffer out) {
        Checks.check(FieldRules.isPositionOrNone(chunk.sequence()), "a checkpoint chunk's sequence is at least 0");
        Checks.check(
                FieldRules.isCheckpointRange(chunk.offsetBytes(), chunk.chunk().length),
                "a checkpoint chunk holds at least 1 byte from an offset of at least 0");
        out.putLong(chunk.sequence()).putInt(chunk.offsetBytes());
        writeBytes(chunk.chunk(), out);
    }

    private static void writeEntriesRequest(EntriesRequest request, ByteBuffer out) {
        Checks.check(
                FieldRules.isNackRange(request.fromSequence(), request.toSequence()),
                "an entries request's range starts at 1 or above and does not end before it starts");
        out.putLong(request.fromSequence()).putLong(request.toSequence());
    }

    private static void writeEntriesForgotten(EntriesForgotten forgotten, ByteBuffer out) {
        Checks.check(FieldRules.isEpoch(forgotten.epoch()), "an entries-forgotten notice's epoch is at least 0");
        Checks.check(
                FieldRules.isPosition(forgotten.firstHeldSequence()),
                "an entries-forgotten notice's first held sequence is at least 1");
        out.putLong(forgotten.epoch()).putLong(forgotten.firstHeldSequence());
    }

    private static void writeProbeReply(ProbeReply reply, ByteBuffer out) {
        Checks.check(reply.status() != null, "a probe reply carries a status");
        Checks.check(FieldRules.isPositionOrNone(reply.deliveredSequence()), "a probe reply's sequence is at least 0");
        out.putLong(reply.nonce());
        out.put((byte) reply.status().ordinal());
        out.putLong(reply.deliveredSequence());
    }

    private static void writeProbeReport(ProbeReport report, ByteBuffer out) {
        Checks.check(FieldRules.isReplicaIndex(report.replicaIndex()), "a probe report names a valid replica index");
        Checks.check(report.finding() != null, "a probe report carries a finding");
        out.put((byte) report.replicaIndex());
        out.put((byte) report.finding().ordinal());
    }

    private static void writeManagerReport(ManagerReport report, ByteBuffer out) {
        Checks.check(FieldRules.isReplicaIndex(report.replicaIndex()), "a manager report names a valid replica index");
        Checks.check(report.status() != null, "a manager report carries a status");
        Checks.check(report.restarts() >= 0 && report.replacements() >= 0, "a manager report's counts are not negative");
        out.put((byte) report.replicaIndex());
        out.put((byte) report.status().ordinal());
        out.putInt(report.restarts());
        out.putInt(report.replacements());
    }

    private static void writeClientRequest(ClientRequest request, ByteBuffer out) {
        writeRequestId(request.requestId(), out);
        writeCommand(request.command(), out);
    }

    private static void writeReplicaAck(ReplicaAck ack, ByteBuffer out) {
        long sequence = ack.highestContiguousSequence();
        Checks.check(FieldRules.isPositionOrNone(sequence), "a replica ack's sequence is at least 0");
        out.putLong(sequence);
    }

    private static void writeNack(Nack nack, ByteBuffer out) {
        Checks.check(
                FieldRules.isNackRange(nack.fromSequence(), nack.toSequence()),
                "a nack's range starts at 1 or above and does not end before it starts");
        out.putLong(nack.fromSequence()).putLong(nack.toSequence());
    }

    private static void writeResultRequest(ResultRequest request, ByteBuffer out) {
        Checks.check(FieldRules.isPositionOrNone(request.sequence()), "a result request's sequence is at least 0");
        writeRequestId(request.requestId(), out);
        out.putLong(request.sequence());
    }

    private static void writeCrashSuspicion(CrashSuspicion suspicion, ByteBuffer out) {
        Checks.check(
                FieldRules.isReplicaIndex(suspicion.replicaIndex()), "a crash suspicion names a valid replica index");
        Checks.check(FieldRules.isPositionOrNone(suspicion.sequence()), "a crash suspicion's sequence is at least 0");
        out.put((byte) suspicion.replicaIndex()).putLong(suspicion.sequence());
    }

    private static void writeSequencerAck(SequencerAck ack, ByteBuffer out) {
        Checks.check(FieldRules.isEpoch(ack.epoch()), "a sequencer ack's epoch is at least 0");
        Checks.check(FieldRules.isPosition(ack.sequence()), "a sequencer ack's sequence is at least 1");
        writeRequestId(ack.requestId(), out);
        out.putLong(ack.epoch()).putLong(ack.sequence());
    }

    private static void writeSequencerHeartbeat(SequencerHeartbeat heartbeat, ByteBuffer out) {
        Checks.check(FieldRules.isEpoch(heartbeat.epoch()), "a heartbeat's epoch is at least 0");
        Checks.check(FieldRules.isPositionOrNone(heartbeat.highestSequence()), "a heartbeat's sequence is at least 0");
        out.putLong(heartbeat.epoch()).putLong(heartbeat.highestSequence());
    }

    private static void writeOrderedBatch(OrderedBatch batch, ByteBuffer out) {
        writeUnsignedShort(batch.entries().size(), out);
        for (OrderedEntry entry : batch.entries()) {
            Checks.check(FieldRules.isEpoch(entry.epoch()), "an ordered entry's epoch is at least 0");
            Checks.check(FieldRules.isPosition(entry.sequence()), "an ordered entry's sequence is at least 1");
            Checks.check(FieldRules.isTimestamp(entry.timestampMillis()), "an ordered entry's timestamp is at least 0");
            out.putLong(entry.epoch()).putLong(entry.sequence()).putLong(entry.timestampMillis());
            writeRequestId(entry.requestId(), out);
            writeNode(entry.frontEnd(), out);
            writeCommand(entry.command(), out);
        }
    }

    private static void writeReplicaResult(ReplicaResult result, ByteBuffer out) {
        Checks.check(FieldRules.isPosition(result.sequence()), "a replica result's sequence is at least 1");
        Checks.check(
                FieldRules.isChunk(result.chunkIndex(), result.chunkCount()),
                "a replica result's chunk count is within 1..RESULT_CHUNK_COUNT_MAX and its chunk index below it");
        out.putLong(result.sequence());
        writeRequestId(result.requestId(), out);
        writeUnsignedShort(result.chunkIndex(), out);
        writeUnsignedShort(result.chunkCount(), out);
        writeBytes(result.resultChunk(), out);
    }

    private static void writeResultVerdict(ResultVerdict verdict, ByteBuffer out) {
        Checks.check(FieldRules.isPosition(verdict.sequence()), "a result verdict's sequence is at least 1");
        Checks.check(FieldRules.isReplicaIndex(verdict.replicaIndex()), "a result verdict names a valid replica index");
        writeRequestId(verdict.requestId(), out);
        out.putLong(verdict.sequence());
        out.put((byte) verdict.replicaIndex());
        out.put((byte) verdict.verdict().ordinal());
    }

    private static void writeRequestId(RequestId requestId, ByteBuffer out) {
        Checks.check(FieldRules.isRequestCounter(requestId.counter()), "a request ID's counter is at least 0");
        out.putLong(requestId.clientId()).putLong(requestId.counter());
    }

    private static void writeNode(NodeId node, ByteBuffer out) {
        out.put((byte) node.role().ordinal()).put((byte) node.index());
    }

    private static void writeCommand(byte[] command, ByteBuffer out) {
        Checks.check(FieldRules.isCommandLength(command.length), "a command holds at most COMMAND_BYTES_MAX bytes");
        writeBytes(command, out);
    }

    private static void writeBytes(byte[] bytes, ByteBuffer out) {
        writeUnsignedShort(bytes.length, out);
        out.put(bytes);
    }

    private static void writeUnsignedShort(int value, ByteBuffer out) {
        Checks.check(value >= 0 && value <= UNSIGNED_SHORT_MAX, "a length, count or chunk number fits 16 bits");
        out.putShort((short) value);
    }

    private static int orderedBatchBodyBytes(OrderedBatch batch) {
        long bytes = LENGTH_PREFIX_BYTES;
        for (OrderedEntry entry : batch.entries()) {
            bytes += DatagramFormat.ORDERED_ENTRY_EMPTY_BYTES + entry.command().length;
        }
        // A batch too big for any datagram must still report a size that is too big, never wrap.
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    private static InvariantViolation unknownType(Message message) {
        return new InvariantViolation("the codec encodes every Message type, not " + message.getClass());
    }
}
