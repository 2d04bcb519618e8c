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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Valid messages for tests: one of each type, and random ones drawn from a seeded generator. */
final class SampleMessages {
    static final byte[] CLUSTER_SECRET = "sixteen+ bytes of cluster secret".getBytes(StandardCharsets.US_ASCII);
    static final NodeId FRONT_END = NodeId.frontEnd(0);
    static final NodeId SEQUENCER = NodeId.sequencer(0);

    private static final int MESSAGE_TYPE_COUNT = 20;

    private SampleMessages() {}

    /** One message of every type, each with non-trivial field values. */
    static List<Message> oneOfEachType() {
        RequestId requestId = new RequestId(7, 42);
        byte[] command = "purchaseShare MTLA100925 SMALL 10".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new ClientRequest(requestId, command),
                new SequencerAck(requestId, 3, 1_001),
                new SequencerBusy(requestId),
                new OrderedBatch(List.of(
                        new OrderedEntry(3, 1_001, 1_700_000_000_000L, requestId, FRONT_END, command),
                        new OrderedEntry(
                                3, 1_002, 1_700_000_000_001L, new RequestId(8, 1), NodeId.frontEnd(1), new byte[0]))),
                new SequencerHeartbeat(3, 1_002),
                new ReplicaAck(1_002),
                new Nack(990, 1_000),
                new ReplicaResult(1_001, requestId, 1, 3, "ok: 10 shares".getBytes(StandardCharsets.UTF_8)),
                new ResultRequest(requestId, 1_001),
                new CrashSuspicion(2, 1_001),
                new ResultVerdict(requestId, 1_001, 1, ResultVerdict.Verdict.WRONG),
                new CheckpointAnnouncement(1_000, 1_002, 123_456, StateDigest.of(command)),
                new CheckpointQuery(),
                new CheckpointChunkRequest(1_000, 16_000, 8_000),
                new CheckpointChunk(1_000, 16_000, "checkpoint bytes".getBytes(StandardCharsets.UTF_8)),
                new EntriesRequest(1_001, 1_256),
                new EntriesForgotten(3, 900),
                new Probe(-5),
                new ProbeReply(-5, ReplicaStatus.RECOVERING, 1_002),
                new ProbeReport(2, ProbeReport.Finding.UNREACHABLE),
                new ManagerReport(1, ManagerReport.ObservedState.RECOVERING, 3, 1));
    }

    /** A list of {@code count} random valid messages of random types. */
    static List<Message> randomList(SplittableRandom random, int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int message = 0; message < count; message++) {
            messages.add(random(random));
        }
        return messages;
    }

    /** A random valid message of a random type, with small byte arrays and batches. */
    static Message random(SplittableRandom random) {
        return switch (random.nextInt(MESSAGE_TYPE_COUNT)) {
            case 0 -> new ClientRequest(requestId(random), bytes(random, 64));
            case 1 -> new SequencerAck(requestId(random), atLeast(random, 0), atLeast(random, 1));
            case 2 -> new SequencerBusy(requestId(random));
            case 3 -> orderedBatch(random);
            case 4 -> new SequencerHeartbeat(atLeast(random, 0), atLeast(random, 0));
            case 5 -> new ReplicaAck(atLeast(random, 0));
            case 6 -> nack(random);
            case 7 -> replicaResult(random);
            case 8 -> new ResultRequest(requestId(random), atLeast(random, 0));
            case 9 -> new CrashSuspicion(random.nextInt(NodeId.INDEX_MAX + 1), atLeast(random, 0));
            case 10 ->
                new ResultVerdict(
                        requestId(random),
                        atLeast(random, 1),
                        random.nextInt(NodeId.INDEX_MAX + 1),
                        pick(random, ResultVerdict.Verdict.values()));
            default -> randomRecoveryMessage(random);
        };
    }

    /** A random message of checkpoints, state transfer or replica managers. */
    private static Message randomRecoveryMessage(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0 -> checkpointAnnouncement(random);
            case 1 -> new CheckpointQuery();
            case 2 -> checkpointChunkRequest(random);
            case 3 -> checkpointChunk(random);
            case 4 -> entriesRequest(random);
            case 5 -> new EntriesForgotten(atLeast(random, 0), atLeast(random, 1));
            case 6 -> new Probe(random.nextLong());
            case 7 -> new ProbeReply(random.nextLong(), pick(random, ReplicaStatus.values()), atLeast(random, 0));
            case 8 -> new ProbeReport(random.nextInt(NodeId.INDEX_MAX + 1), pick(random, ProbeReport.Finding.values()));
            default -> new ManagerReport(random.nextInt(NodeId.INDEX_MAX + 1), pick(random, ManagerReport.ObservedState.values()),
                    random.nextInt(Integer.MAX_VALUE), random.nextInt(Integer.MAX_VALUE));
        };
    }

    private static CheckpointAnnouncement checkpointAnnouncement(SplittableRandom random) {
        long sequence = atLeast(random, 0);
        long deliveredSequence = random.nextInt(4) == 0 || sequence == Long.MAX_VALUE
                ? sequence
                : random.nextLong(sequence, Long.MAX_VALUE);
        byte[] digest = new byte[StateDigest.LENGTH_BYTES];
        random.nextBytes(digest);
        return new CheckpointAnnouncement(
                sequence, deliveredSequence, random.nextInt(Integer.MAX_VALUE), StateDigest.fromBytes(digest));
    }

    private static CheckpointChunkRequest checkpointChunkRequest(SplittableRandom random) {
        int lengthBytes = 1 + random.nextInt(0xFFFF);
        return new CheckpointChunkRequest(
                atLeast(random, 0), random.nextInt(Integer.MAX_VALUE - lengthBytes + 1), lengthBytes);
    }

    private static CheckpointChunk checkpointChunk(SplittableRandom random) {
        byte[] chunk = bytes(random, 96);
        if (chunk.length == 0) {
            chunk = new byte[] {(byte) random.nextInt(256)};
        }
        return new CheckpointChunk(atLeast(random, 0), random.nextInt(Integer.MAX_VALUE - chunk.length + 1), chunk);
    }

    private static EntriesRequest entriesRequest(SplittableRandom random) {
        Nack range = nack(random);
        return new EntriesRequest(range.fromSequence(), range.toSequence());
    }

    static NodeId node(SplittableRandom random) {
        return new NodeId(pick(random, NodeId.Role.values()), random.nextInt(NodeId.INDEX_MAX + 1));
    }

    private static OrderedBatch orderedBatch(SplittableRandom random) {
        int entryCount = random.nextInt(4);
        List<OrderedEntry> entries = new ArrayList<>(entryCount);
        for (int entry = 0; entry < entryCount; entry++) {
            entries.add(new OrderedEntry(
                    atLeast(random, 0),
                    atLeast(random, 1),
                    atLeast(random, 0),
                    requestId(random),
                    node(random),
                    bytes(random, 48)));
        }
        return new OrderedBatch(entries);
    }

    private static Nack nack(SplittableRandom random) {
        long fromSequence = atLeast(random, 1);
        long toSequence = fromSequence + random.nextLong(Long.MAX_VALUE - fromSequence + 1);
        return new Nack(fromSequence, toSequence);
    }

    private static ReplicaResult replicaResult(SplittableRandom random) {
        int chunkCount = 1 + random.nextInt(DatagramFormat.RESULT_CHUNK_COUNT_MAX);
        return new ReplicaResult(
                atLeast(random, 1), requestId(random), random.nextInt(chunkCount), chunkCount, bytes(random, 96));
    }

    private static RequestId requestId(SplittableRandom random) {
        return new RequestId(random.nextLong(), atLeast(random, 0));
    }

    /**
     * A number of at least {@code minimum}, often at or near a boundary: the minimum itself, small
     * values or the largest long, where off-by-one and sign errors show.
     */
    static long atLeast(SplittableRandom random, long minimum) {
        return switch (random.nextInt(4)) {
            case 0 -> minimum;
            case 1 -> Long.MAX_VALUE;
            case 2 -> minimum + random.nextInt(1_000);
            default -> random.nextLong(minimum, Long.MAX_VALUE);
        };
    }

    private static byte[] bytes(SplittableRandom random, int lengthMax) {
        byte[] bytes = new byte[random.nextInt(lengthMax + 1)];
        for (int index = 0; index < bytes.length; index++) {
            bytes[index] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
