package dsms.simulation.trace;

import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerBusy;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.List;
import java.util.StringJoiner;

/** One short, stable line per protocol message, for traces: type, request ID, sequence numbers. */
public final class MessageSummary {
    /** A datagram's summary names this many messages, then counts the rest. */
    private static final int MESSAGES_NAMED_MAX = 4;

    private MessageSummary() {}

    public static String of(List<Message> messages) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (int index = 0; index < Math.min(messages.size(), MESSAGES_NAMED_MAX); index++) {
            joined.add(of(messages.get(index)));
        }
        if (messages.size() > MESSAGES_NAMED_MAX) {
            joined.add("+" + (messages.size() - MESSAGES_NAMED_MAX) + " more");
        }
        return joined.toString();
    }

    public static String of(Message message) {
        if (message instanceof ClientRequest request) {
            return "ClientRequest " + request.requestId();
        } else if (message instanceof SequencerAck ack) {
            return "SequencerAck " + ack.requestId() + " #" + ack.sequence();
        } else if (message instanceof SequencerBusy busy) {
            return "SequencerBusy " + busy.requestId();
        } else if (message instanceof OrderedBatch batch) {
            return batch.entries().isEmpty()
                    ? "OrderedBatch empty"
                    : "OrderedBatch #" + batch.entries().get(0).sequence() + ".."
                            + batch.entries().get(batch.entries().size() - 1).sequence();
        } else if (message instanceof SequencerHeartbeat heartbeat) {
            return "Heartbeat #" + heartbeat.highestSequence();
        } else if (message instanceof ReplicaAck ack) {
            return "ReplicaAck #" + ack.highestContiguousSequence();
        } else if (message instanceof Nack nack) {
            return "Nack #" + nack.fromSequence() + ".." + nack.toSequence();
        } else if (message instanceof ReplicaResult result) {
            return "ReplicaResult " + result.requestId() + " #" + result.sequence() + " chunk "
                    + result.chunkIndex() + "/" + result.chunkCount();
        } else if (message instanceof ResultRequest request) {
            return "ResultRequest " + request.requestId() + " #" + request.sequence();
        } else if (message instanceof CrashSuspicion suspicion) {
            return "CrashSuspicion " + NodeId.replica(suspicion.replicaIndex()) + " #" + suspicion.sequence();
        } else if (message instanceof ResultVerdict verdict) {
            return "ResultVerdict " + verdict.requestId() + " " + NodeId.replica(verdict.replicaIndex()) + " "
                    + verdict.verdict();
        }
        return recoveryMessage(message);
    }

    /** The messages of checkpoints, state transfer and replica managers. */
    private static String recoveryMessage(Message message) {
        if (message instanceof CheckpointAnnouncement announcement) {
            return "CheckpointAnnouncement #" + announcement.sequence() + " delivered #" + announcement.deliveredSequence();
        } else if (message instanceof CheckpointQuery) {
            return "CheckpointQuery";
        } else if (message instanceof CheckpointChunkRequest request) {
            return "CheckpointChunkRequest #" + request.sequence() + " @" + request.offsetBytes() + "+" + request.lengthBytes();
        } else if (message instanceof CheckpointChunk chunk) {
            return "CheckpointChunk #" + chunk.sequence() + " @" + chunk.offsetBytes() + "+" + chunk.chunk().length;
        } else if (message instanceof EntriesRequest request) {
            return "EntriesRequest #" + request.fromSequence() + ".." + request.toSequence();
        } else if (message instanceof EntriesForgotten forgotten) {
            return "EntriesForgotten before #" + forgotten.firstHeldSequence();
        } else if (message instanceof Probe probe) {
            return "Probe " + probe.nonce();
        } else if (message instanceof ProbeReply reply) {
            return "ProbeReply " + reply.nonce() + " " + reply.status() + " #" + reply.deliveredSequence();
        } else if (message instanceof ProbeReport report) {
            return "ProbeReport " + NodeId.replica(report.replicaIndex()) + " " + report.finding();
        } else if (message instanceof ManagerReport report) {
            return "ManagerReport " + NodeId.replica(report.replicaIndex()) + " " + report.status();
        }
        throw new IllegalStateException("every message type has a summary: " + message.getClass());
    }
}
