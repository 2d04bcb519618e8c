package dsms.protocol.codec;

import dsms.core.StateDigest;
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
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads message bodies, as {@link DatagramFormat} lays them out, from an authenticated datagram.
 *
 * <p>Each read method reads every field, checks each value against {@link FieldRules}, and
 * returns null when the reader failed; it builds a message only from values that passed, so the
 * message records' own checks can never throw on network input.
 */
final class MessageReader {
    private static final NodeId.Role[] ROLES = NodeId.Role.values();
    private static final ResultVerdict.Verdict[] VERDICTS = ResultVerdict.Verdict.values();
    private static final ReplicaStatus[] STATUSES = ReplicaStatus.values();
    private static final ProbeReport.Finding[] FINDINGS = ProbeReport.Finding.values();
    private static final ManagerReport.ObservedState[] OBSERVED_STATES = ManagerReport.ObservedState.values();
    private static final CheckpointQuery CHECKPOINT_QUERY = new CheckpointQuery();

    private MessageReader() {}

    /** Reads one body of {@code type}, which fills the reader's region, or returns null. */
    static Message read(MessageType type, WireReader reader) {
        return switch (type) {
            case CLIENT_REQUEST -> readClientRequest(reader);
            case SEQUENCER_ACK -> readSequencerAck(reader);
            case SEQUENCER_BUSY -> readSequencerBusy(reader);
            case ORDERED_BATCH -> readOrderedBatch(reader);
            case SEQUENCER_HEARTBEAT -> readSequencerHeartbeat(reader);
            case REPLICA_ACK -> readReplicaAck(reader);
            case NACK -> readNack(reader);
            case REPLICA_RESULT -> readReplicaResult(reader);
            case RESULT_REQUEST -> readResultRequest(reader);
            case CRASH_SUSPICION -> readCrashSuspicion(reader);
            case RESULT_VERDICT -> readResultVerdict(reader);
            case CHECKPOINT_ANNOUNCEMENT -> readCheckpointAnnouncement(reader);
            case CHECKPOINT_QUERY -> CHECKPOINT_QUERY;
            case CHECKPOINT_CHUNK_REQUEST -> readCheckpointChunkRequest(reader);
            case CHECKPOINT_CHUNK -> readCheckpointChunk(reader);
            case ENTRIES_REQUEST -> readEntriesRequest(reader);
            case ENTRIES_FORGOTTEN -> readEntriesForgotten(reader);
            case PROBE -> readProbe(reader);
            case PROBE_REPLY -> readProbeReply(reader);
            case PROBE_REPORT -> readProbeReport(reader);
            case MANAGER_REPORT -> readManagerReport(reader);
        };
    }

    /**
     * Reads a node identity, or returns null after failing with {@code reasonWhenOutOfRange} when
     * its role or index is out of range: the header's sender and an entry's front end are both
     * nodes, but a bad sender has its own rejection.
     */
    static NodeId readNode(WireReader reader, Rejection reasonWhenOutOfRange) {
        int roleOrdinal = reader.readUnsignedByte();
        int index = reader.readUnsignedByte();
        reader.require(roleOrdinal < ROLES.length && index <= NodeId.INDEX_MAX, reasonWhenOutOfRange);
        return reader.failed() ? null : NodeId.of(ROLES[roleOrdinal], index);
    }

    private static Message readClientRequest(WireReader reader) {
        RequestId requestId = readRequestId(reader);
        byte[] command = reader.readBytes(DatagramFormat.COMMAND_BYTES_MAX);
        return reader.failed() ? null : new ClientRequest(requestId, command);
    }

    private static Message readSequencerAck(WireReader reader) {
        RequestId requestId = readRequestId(reader);
        long epoch = reader.readLong();
        long sequence = reader.readLong();
        reader.require(FieldRules.isEpoch(epoch) && FieldRules.isPosition(sequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new SequencerAck(requestId, epoch, sequence);
    }

    private static Message readSequencerBusy(WireReader reader) {
        RequestId requestId = readRequestId(reader);
        return reader.failed() ? null : new SequencerBusy(requestId);
    }

    private static Message readOrderedBatch(WireReader reader) {
        int entryCount = reader.readUnsignedShort();
        // Bounded by what the body can hold before the list is allocated.
        reader.require(
                entryCount <= reader.remainingBytes() / DatagramFormat.ORDERED_ENTRY_EMPTY_BYTES, Rejection.BAD_LENGTH);
        if (reader.failed()) {
            return null;
        }
        List<OrderedEntry> entries = new ArrayList<>(entryCount);
        for (int entry = 0; entry < entryCount && !reader.failed(); entry++) {
            entries.add(readOrderedEntry(reader));
        }
        return reader.failed() ? null : new OrderedBatch(entries);
    }

    private static OrderedEntry readOrderedEntry(WireReader reader) {
        long epoch = reader.readLong();
        long sequence = reader.readLong();
        long timestampMillis = reader.readLong();
        reader.require(
                FieldRules.isEpoch(epoch) && FieldRules.isPosition(sequence) && FieldRules.isTimestamp(timestampMillis),
                Rejection.BAD_FIELD_VALUE);
        RequestId requestId = readRequestId(reader);
        NodeId frontEnd = readNode(reader, Rejection.BAD_FIELD_VALUE);
        byte[] command = reader.readBytes(DatagramFormat.COMMAND_BYTES_MAX);
        return reader.failed()
                ? null
                : new OrderedEntry(epoch, sequence, timestampMillis, requestId, frontEnd, command);
    }

    private static Message readSequencerHeartbeat(WireReader reader) {
        long epoch = reader.readLong();
        long highestSequence = reader.readLong();
        reader.require(
                FieldRules.isEpoch(epoch) && FieldRules.isPositionOrNone(highestSequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new SequencerHeartbeat(epoch, highestSequence);
    }

    private static Message readReplicaAck(WireReader reader) {
        long highestContiguousSequence = reader.readLong();
        reader.require(FieldRules.isPositionOrNone(highestContiguousSequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new ReplicaAck(highestContiguousSequence);
    }

    private static Message readNack(WireReader reader) {
        long fromSequence = reader.readLong();
        long toSequence = reader.readLong();
        reader.require(FieldRules.isNackRange(fromSequence, toSequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new Nack(fromSequence, toSequence);
    }

    private static Message readReplicaResult(WireReader reader) {
        long sequence = reader.readLong();
        RequestId requestId = readRequestId(reader);
        int chunkIndex = reader.readUnsignedShort();
        int chunkCount = reader.readUnsignedShort();
        reader.require(
                FieldRules.isPosition(sequence) && FieldRules.isChunk(chunkIndex, chunkCount),
                Rejection.BAD_FIELD_VALUE);
        // A chunk is bounded only by the body that holds it, which the datagram bounds.
        byte[] resultChunk = reader.readBytes(MessageWriter.UNSIGNED_SHORT_MAX);
        return reader.failed() ? null : new ReplicaResult(sequence, requestId, chunkIndex, chunkCount, resultChunk);
    }

    private static Message readResultRequest(WireReader reader) {
        RequestId requestId = readRequestId(reader);
        long sequence = reader.readLong();
        reader.require(FieldRules.isPositionOrNone(sequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new ResultRequest(requestId, sequence);
    }

    private static Message readCrashSuspicion(WireReader reader) {
        int replicaIndex = reader.readUnsignedByte();
        long sequence = reader.readLong();
        reader.require(
                FieldRules.isReplicaIndex(replicaIndex) && FieldRules.isPositionOrNone(sequence),
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new CrashSuspicion(replicaIndex, sequence);
    }

    private static Message readResultVerdict(WireReader reader) {
        RequestId requestId = readRequestId(reader);
        long sequence = reader.readLong();
        int replicaIndex = reader.readUnsignedByte();
        int verdictOrdinal = reader.readUnsignedByte();
        reader.require(
                FieldRules.isPosition(sequence)
                        && FieldRules.isReplicaIndex(replicaIndex)
                        && verdictOrdinal < VERDICTS.length,
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new ResultVerdict(requestId, sequence, replicaIndex, VERDICTS[verdictOrdinal]);
    }

    private static Message readCheckpointAnnouncement(WireReader reader) {
        long sequence = reader.readLong();
        long deliveredSequence = reader.readLong();
        int checkpointBytes = reader.readInt();
        byte[] digest = reader.readFixedBytes(DatagramFormat.DIGEST_BYTES);
        reader.require(
                FieldRules.isCheckpointAnnouncement(sequence, deliveredSequence, checkpointBytes),
                Rejection.BAD_FIELD_VALUE);
        return reader.failed()
                ? null
                : new CheckpointAnnouncement(sequence, deliveredSequence, checkpointBytes, StateDigest.fromBytes(digest));
    }

    private static Message readCheckpointChunkRequest(WireReader reader) {
        long sequence = reader.readLong();
        int offsetBytes = reader.readInt();
        int lengthBytes = reader.readUnsignedShort();
        reader.require(
                FieldRules.isPositionOrNone(sequence) && FieldRules.isCheckpointRange(offsetBytes, lengthBytes),
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new CheckpointChunkRequest(sequence, offsetBytes, lengthBytes);
    }

    private static Message readCheckpointChunk(WireReader reader) {
        long sequence = reader.readLong();
        int offsetBytes = reader.readInt();
        // A chunk is bounded only by the body that holds it, which the datagram bounds.
        byte[] chunk = reader.readBytes(MessageWriter.UNSIGNED_SHORT_MAX);
        reader.require(
                FieldRules.isPositionOrNone(sequence) && FieldRules.isCheckpointRange(offsetBytes, chunk.length),
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new CheckpointChunk(sequence, offsetBytes, chunk);
    }

    private static Message readEntriesRequest(WireReader reader) {
        long fromSequence = reader.readLong();
        long toSequence = reader.readLong();
        reader.require(FieldRules.isNackRange(fromSequence, toSequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new EntriesRequest(fromSequence, toSequence);
    }

    private static Message readEntriesForgotten(WireReader reader) {
        long epoch = reader.readLong();
        long firstHeldSequence = reader.readLong();
        reader.require(
                FieldRules.isEpoch(epoch) && FieldRules.isPosition(firstHeldSequence), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new EntriesForgotten(epoch, firstHeldSequence);
    }

    private static Message readProbe(WireReader reader) {
        long nonce = reader.readLong();
        return reader.failed() ? null : new Probe(nonce);
    }

    private static Message readProbeReply(WireReader reader) {
        long nonce = reader.readLong();
        int statusOrdinal = reader.readUnsignedByte();
        long deliveredSequence = reader.readLong();
        reader.require(
                statusOrdinal < STATUSES.length && FieldRules.isPositionOrNone(deliveredSequence),
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new ProbeReply(nonce, STATUSES[statusOrdinal], deliveredSequence);
    }

    private static Message readProbeReport(WireReader reader) {
        int replicaIndex = reader.readUnsignedByte();
        int findingOrdinal = reader.readUnsignedByte();
        reader.require(
                FieldRules.isReplicaIndex(replicaIndex) && findingOrdinal < FINDINGS.length,
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new ProbeReport(replicaIndex, FINDINGS[findingOrdinal]);
    }

    private static Message readManagerReport(WireReader reader) {
        int replicaIndex = reader.readUnsignedByte();
        int statusOrdinal = reader.readUnsignedByte();
        int restarts = reader.readInt();
        int replacements = reader.readInt();
        reader.require(
                FieldRules.isReplicaIndex(replicaIndex) && statusOrdinal < OBSERVED_STATES.length && restarts >= 0
                        && replacements >= 0,
                Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new ManagerReport(replicaIndex, OBSERVED_STATES[statusOrdinal], restarts, replacements);
    }

    private static RequestId readRequestId(WireReader reader) {
        long clientId = reader.readLong();
        long counter = reader.readLong();
        reader.require(FieldRules.isRequestCounter(counter), Rejection.BAD_FIELD_VALUE);
        return reader.failed() ? null : new RequestId(clientId, counter);
    }
}
