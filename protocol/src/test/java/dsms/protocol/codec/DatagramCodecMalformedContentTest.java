package dsms.protocol.codec;

import static dsms.protocol.codec.RawDatagram.body;
import static dsms.protocol.codec.RawDatagram.header;
import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.StateDigest;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.CheckpointQuery;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultVerdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Correctly signed datagrams whose content is wrong: the MAC passes, so these reach the parser,
 * which must reject each whole with the reason that names what is wrong. The type codes are
 * written as numbers, as {@link DatagramFormat} documents them, to check the documented layout.
 */
class DatagramCodecMalformedContentTest {
    private static final int CLIENT_REQUEST = 1;
    private static final int SEQUENCER_ACK = 2;
    private static final int ORDERED_BATCH = 4;
    private static final int REPLICA_ACK = 6;
    private static final int NACK = 7;
    private static final int REPLICA_RESULT = 8;
    private static final int CRASH_SUSPICION = 10;
    private static final int RESULT_VERDICT = 11;
    private static final int CHECKPOINT_ANNOUNCEMENT = 12;
    private static final int CHECKPOINT_QUERY = 13;
    private static final int CHECKPOINT_CHUNK_REQUEST = 14;
    private static final int CHECKPOINT_CHUNK = 15;
    private static final int ENTRIES_REQUEST = 16;
    private static final int ENTRIES_FORGOTTEN = 17;
    private static final int PROBE = 18;
    private static final int PROBE_REPLY = 19;
    private static final int PROBE_REPORT = 20;
    private static final int MANAGER_REPORT = 21;
    private static final int FRONT_END_ROLE = 0;
    private static final int REPLICA_ROLE = 2;
    private static final int MANAGER_ROLE = 3;

    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);

    @Test
    void the_hand_built_datagrams_are_accepted_when_well_formed() {
        byte[] datagram = header(REPLICA_ROLE, 1, 2)
                .message(REPLICA_ACK, body().i64(5).build())
                .message(
                        ORDERED_BATCH,
                        entryBatch(body().i64(1, 2, 3, 4, 5)
                                .u8(FRONT_END_ROLE)
                                .u8(3)
                                .bytesOfLength(2)))
                .signed(CLUSTER_SECRET);

        DecodeResult.Decoded decoded = Datagrams.accepted(codec.decode(datagram));

        assertThat(decoded.from()).isEqualTo(NodeId.replica(1));
        List<Message> expected = List.of(
                new ReplicaAck(5),
                new OrderedBatch(List.of(
                        new OrderedEntry(1, 2, 3, new RequestId(4, 5), NodeId.frontEnd(3), new byte[] {0, 1}))));
        Datagrams.assertSameContent(decoded.messages(), expected);
    }

    @Test
    void the_hand_built_recovery_datagrams_are_accepted_when_well_formed() {
        byte[] digest = new byte[DatagramFormat.DIGEST_BYTES];
        digest[0] = 7;
        byte[] datagram = header(REPLICA_ROLE, 1, 9)
                .message(CHECKPOINT_ANNOUNCEMENT, body().i64(1_000, 1_005).i32(70_000).raw(digest).build())
                .message(CHECKPOINT_QUERY, body().build())
                .message(CHECKPOINT_CHUNK_REQUEST, body().i64(1_000).i32(8_000).u16(4_000).build())
                .message(CHECKPOINT_CHUNK, body().i64(1_000).i32(8_000).bytesOfLength(3).build())
                .message(ENTRIES_REQUEST, body().i64(1_001, 1_256).build())
                .message(ENTRIES_FORGOTTEN, body().i64(2, 500).build())
                .message(PROBE, body().i64(-9).build())
                .message(PROBE_REPLY, body().i64(-9).u8(1).i64(1_005).build())
                .message(PROBE_REPORT, body().u8(2).u8(1).build())
                .signed(CLUSTER_SECRET);

        DecodeResult.Decoded decoded = Datagrams.accepted(codec.decode(datagram));

        List<Message> expected = List.of(
                new CheckpointAnnouncement(1_000, 1_005, 70_000, StateDigest.fromBytes(digest)),
                new CheckpointQuery(),
                new CheckpointChunkRequest(1_000, 8_000, 4_000),
                new CheckpointChunk(1_000, 8_000, new byte[] {0, 1, 2}),
                new EntriesRequest(1_001, 1_256),
                new EntriesForgotten(2, 500),
                new Probe(-9),
                new ProbeReply(-9, ReplicaStatus.RECOVERING, 1_005),
                new ProbeReport(2, ProbeReport.Finding.UNREACHABLE));
        Datagrams.assertSameContent(decoded.messages(), expected);
    }

    @Test
    void a_datagram_whose_second_message_is_bad_is_rejected_whole() {
        byte[] datagram = header(REPLICA_ROLE, 0, 2)
                .message(REPLICA_ACK, body().i64(5).build())
                .message(REPLICA_ACK, body().i64(-5).build())
                .signed(CLUSTER_SECRET);

        assertThat(codec.decode(datagram)).isEqualTo(new DecodeResult.Rejected(Rejection.BAD_FIELD_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDatagrams")
    void a_signed_datagram_with_malformed_content_is_rejected_with_the_reason(
            String scenario, byte[] datagram, Rejection expected) {
        assertThat(codec.decode(datagram)).isEqualTo(new DecodeResult.Rejected(expected));
    }

    static Stream<Arguments> malformedDatagrams() {
        return Stream.of(
                        senderAndCountCases(),
                        framingCases(),
                        fieldValueCases(),
                        orderedBatchCases(),
                        checkpointCases(),
                        transferAndManagerCases())
                .flatMap(cases -> cases);
    }

    private static Stream<Arguments> senderAndCountCases() {
        byte[] ack = body().i64(1).build();
        return Stream.of(
                scenario(
                        "sender role beyond the last role",
                        header(4, 0, 1).message(REPLICA_ACK, ack),
                        Rejection.BAD_SENDER),
                scenario("sender role 255", header(255, 0, 1).message(REPLICA_ACK, ack), Rejection.BAD_SENDER),
                scenario(
                        "sender index beyond INDEX_MAX",
                        header(REPLICA_ROLE, NodeId.INDEX_MAX + 1, 1).message(REPLICA_ACK, ack),
                        Rejection.BAD_SENDER),
                scenario("zero messages", header(REPLICA_ROLE, 0, 0), Rejection.BAD_MESSAGE_COUNT),
                scenario(
                        "more messages counted than present",
                        header(REPLICA_ROLE, 0, 2).message(REPLICA_ACK, ack),
                        Rejection.BAD_MESSAGE_COUNT),
                scenario(
                        "65535 messages counted in a few bytes",
                        header(REPLICA_ROLE, 0, 0xFFFF).message(REPLICA_ACK, ack),
                        Rejection.BAD_MESSAGE_COUNT),
                scenario(
                        "a byte after the last message",
                        header(REPLICA_ROLE, 0, 1).message(REPLICA_ACK, ack).raw((byte) 0),
                        Rejection.TRAILING_BYTES));
    }

    private static Stream<Arguments> framingCases() {
        byte[] ack = body().i64(1).build();
        return Stream.of(
                scenario("type code 0", header(REPLICA_ROLE, 0, 1).message(0, ack), Rejection.UNKNOWN_MESSAGE_TYPE),
                scenario("type code 22", header(REPLICA_ROLE, 0, 1).message(22, ack), Rejection.UNKNOWN_MESSAGE_TYPE),
                scenario("type code 255", header(REPLICA_ROLE, 0, 1).message(255, ack), Rejection.UNKNOWN_MESSAGE_TYPE),
                scenario(
                        "body length past the end",
                        header(REPLICA_ROLE, 0, 1).message(REPLICA_ACK, 9, ack),
                        Rejection.BAD_LENGTH),
                scenario(
                        "body length 65535 past the end",
                        header(REPLICA_ROLE, 0, 1).message(REPLICA_ACK, 0xFFFF, ack),
                        Rejection.BAD_LENGTH),
                scenario(
                        "body shorter than its fields",
                        header(REPLICA_ROLE, 0, 1)
                                .message(REPLICA_ACK, body().u16(1).build()),
                        Rejection.MALFORMED_MESSAGE),
                scenario(
                        "body longer than its fields",
                        header(REPLICA_ROLE, 0, 1)
                                .message(REPLICA_ACK, body().i64(1).u8(0).build()),
                        Rejection.MALFORMED_MESSAGE),
                scenario(
                        "command one byte over COMMAND_BYTES_MAX",
                        header(FRONT_END_ROLE, 0, 1)
                                .message(
                                        CLIENT_REQUEST,
                                        body().i64(1, 1)
                                                .bytesOfLength(DatagramFormat.COMMAND_BYTES_MAX + 1)
                                                .build()),
                        Rejection.BAD_LENGTH),
                scenario(
                        "command length past the body",
                        header(FRONT_END_ROLE, 0, 1)
                                .message(
                                        CLIENT_REQUEST,
                                        body().i64(1, 1).u16(3).filler(2).build()),
                        Rejection.BAD_LENGTH),
                scenario(
                        "command without its length",
                        header(FRONT_END_ROLE, 0, 1)
                                .message(CLIENT_REQUEST, body().i64(1, 1).u8(0).build()),
                        Rejection.MALFORMED_MESSAGE),
                scenario(
                        "result chunk length past the body",
                        header(REPLICA_ROLE, 0, 1)
                                .message(
                                        REPLICA_RESULT,
                                        body().i64(1, 1, 1)
                                                .u16(0)
                                                .u16(1)
                                                .u16(60_000)
                                                .filler(10)
                                                .build()),
                        Rejection.BAD_LENGTH));
    }

    private static Stream<Arguments> fieldValueCases() {
        return Stream.of(
                scenario(
                        "negative acknowledged sequence",
                        header(REPLICA_ROLE, 0, 1)
                                .message(REPLICA_ACK, body().i64(-1).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "sequencer ack for sequence 0",
                        header(1, 0, 1)
                                .message(SEQUENCER_ACK, body().i64(1, 1, 0, 0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "sequencer ack with a negative epoch",
                        header(1, 0, 1)
                                .message(SEQUENCER_ACK, body().i64(1, 1, -1, 1).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "negative request counter",
                        header(1, 0, 1)
                                .message(SEQUENCER_ACK, body().i64(1, -1, 0, 1).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "nack from sequence 0",
                        header(REPLICA_ROLE, 0, 1)
                                .message(NACK, body().i64(0, 5).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "nack ending before it starts",
                        header(REPLICA_ROLE, 0, 1)
                                .message(NACK, body().i64(6, 5).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "chunk index equal to the chunk count",
                        header(REPLICA_ROLE, 0, 1)
                                .message(
                                        REPLICA_RESULT,
                                        body().i64(1, 1, 1).u16(2).u16(2).u16(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "chunk count 0",
                        header(REPLICA_ROLE, 0, 1)
                                .message(
                                        REPLICA_RESULT,
                                        body().i64(1, 1, 1).u16(0).u16(0).u16(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "chunk count over RESULT_CHUNK_COUNT_MAX",
                        header(REPLICA_ROLE, 0, 1)
                                .message(
                                        REPLICA_RESULT,
                                        body().i64(1, 1, 1)
                                                .u16(0)
                                                .u16(DatagramFormat.RESULT_CHUNK_COUNT_MAX + 1)
                                                .u16(0)
                                                .build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "crash suspicion of replica index 26",
                        header(FRONT_END_ROLE, 0, 1)
                                .message(
                                        CRASH_SUSPICION,
                                        body().u8(NodeId.INDEX_MAX + 1).i64(1).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "verdict ordinal beyond the last verdict",
                        header(FRONT_END_ROLE, 0, 1)
                                .message(
                                        RESULT_VERDICT,
                                        body().i64(1, 1, 1)
                                                .u8(0)
                                                .u8(ResultVerdict.Verdict.values().length)
                                                .build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "verdict for sequence 0",
                        header(FRONT_END_ROLE, 0, 1)
                                .message(
                                        RESULT_VERDICT,
                                        body().i64(1, 1, 0).u8(0).u8(0).build()),
                        Rejection.BAD_FIELD_VALUE));
    }

    private static Stream<Arguments> orderedBatchCases() {
        return Stream.of(
                scenario(
                        "entry with sequence 0",
                        header(1, 0, 1)
                                .message(
                                        ORDERED_BATCH,
                                        entryBatch(body().i64(1, 0, 3, 4, 5)
                                                .u8(FRONT_END_ROLE)
                                                .u8(0)
                                                .bytesOfLength(0))),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "entry with a negative timestamp",
                        header(1, 0, 1)
                                .message(
                                        ORDERED_BATCH,
                                        entryBatch(body().i64(1, 2, -3, 4, 5)
                                                .u8(FRONT_END_ROLE)
                                                .u8(0)
                                                .bytesOfLength(0))),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "entry with a front end role beyond the last",
                        header(1, 0, 1)
                                .message(
                                        ORDERED_BATCH,
                                        entryBatch(body().i64(1, 2, 3, 4, 5)
                                                .u8(4)
                                                .u8(0)
                                                .bytesOfLength(0))),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "entry with a command over COMMAND_BYTES_MAX",
                        header(1, 0, 1)
                                .message(
                                        ORDERED_BATCH,
                                        entryBatch(body().i64(1, 2, 3, 4, 5)
                                                .u8(FRONT_END_ROLE)
                                                .u8(0)
                                                .bytesOfLength(DatagramFormat.COMMAND_BYTES_MAX + 1))),
                        Rejection.BAD_LENGTH),
                scenario(
                        "more entries counted than the body holds",
                        header(1, 0, 1)
                                .message(
                                        ORDERED_BATCH,
                                        body().u16(2)
                                                .i64(1, 2, 3, 4, 5)
                                                .u8(FRONT_END_ROLE)
                                                .u8(0)
                                                .bytesOfLength(0)
                                                .build()),
                        Rejection.BAD_LENGTH),
                scenario(
                        "65535 entries counted",
                        header(1, 0, 1)
                                .message(ORDERED_BATCH, body().u16(0xFFFF).build()),
                        Rejection.BAD_LENGTH),
                scenario(
                        "second entry cut short in its request ID",
                        header(1, 0, 1)
                                .message(
                                        ORDERED_BATCH,
                                        body().u16(2)
                                                .i64(1, 2, 3, 4, 5)
                                                .u8(FRONT_END_ROLE)
                                                .u8(0)
                                                .bytesOfLength(5)
                                                .i64(1, 2, 3, 4)
                                                .filler(7)
                                                .build()),
                        Rejection.MALFORMED_MESSAGE));
    }

    private static Stream<Arguments> checkpointCases() {
        byte[] digest = new byte[DatagramFormat.DIGEST_BYTES];
        return Stream.of(
                scenario(
                        "checkpoint announced by a replica that delivered less than it holds",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_ANNOUNCEMENT, body().i64(5, 4).i32(10).raw(digest).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "checkpoint announced at a negative sequence",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_ANNOUNCEMENT, body().i64(-1, 4).i32(10).raw(digest).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "checkpoint announced with a negative length",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_ANNOUNCEMENT, body().i64(5, 5).i32(-1).raw(digest).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "checkpoint announcement with a digest one byte short",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_ANNOUNCEMENT, body().i64(5, 5).i32(1).filler(31).build()),
                        Rejection.MALFORMED_MESSAGE),
                scenario(
                        "checkpoint query with a body",
                        header(REPLICA_ROLE, 0, 1).message(CHECKPOINT_QUERY, body().u8(0).build()),
                        Rejection.MALFORMED_MESSAGE),
                scenario(
                        "checkpoint chunk request for no bytes",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_CHUNK_REQUEST, body().i64(5).i32(0).u16(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "checkpoint chunk request from a negative offset",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_CHUNK_REQUEST, body().i64(5).i32(-1).u16(10).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "checkpoint chunk request ending past the largest array",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_CHUNK_REQUEST, body().i64(5).i32(Integer.MAX_VALUE).u16(1).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "empty checkpoint chunk",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_CHUNK, body().i64(5).i32(0).u16(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "checkpoint chunk length past the body",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_CHUNK, body().i64(5).i32(0).u16(40).filler(39).build()),
                        Rejection.BAD_LENGTH),
                scenario(
                        "checkpoint chunk of a negative sequence",
                        header(REPLICA_ROLE, 0, 1)
                                .message(CHECKPOINT_CHUNK, body().i64(-5).i32(0).bytesOfLength(1).build()),
                        Rejection.BAD_FIELD_VALUE));
    }

    private static Stream<Arguments> transferAndManagerCases() {
        return Stream.of(
                scenario(
                        "entries request from sequence 0",
                        header(REPLICA_ROLE, 0, 1).message(ENTRIES_REQUEST, body().i64(0, 5).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "entries request ending before it starts",
                        header(REPLICA_ROLE, 0, 1).message(ENTRIES_REQUEST, body().i64(6, 5).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "entries forgotten before sequence 1",
                        header(1, 0, 1).message(ENTRIES_FORGOTTEN, body().i64(1, 0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "entries forgotten in a negative epoch",
                        header(1, 0, 1).message(ENTRIES_FORGOTTEN, body().i64(-1, 5).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "probe cut short in its nonce",
                        header(MANAGER_ROLE, 0, 1).message(PROBE, body().filler(7).build()),
                        Rejection.MALFORMED_MESSAGE),
                scenario(
                        "probe reply with a status beyond the last",
                        header(REPLICA_ROLE, 0, 1)
                                .message(PROBE_REPLY, body().i64(1).u8(ReplicaStatus.values().length).i64(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "probe reply with a negative delivered sequence",
                        header(REPLICA_ROLE, 0, 1).message(PROBE_REPLY, body().i64(1).u8(0).i64(-1).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "probe report with a finding beyond the last",
                        header(MANAGER_ROLE, 0, 1)
                                .message(PROBE_REPORT, body().u8(0).u8(ProbeReport.Finding.values().length).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "manager report with a status beyond the last",
                        header(MANAGER_ROLE, 0, 1).message(MANAGER_REPORT,
                                body().u8(0).u8(dsms.protocol.message.ManagerReport.ObservedState.values().length).i32(0).i32(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "manager report with negative restarts",
                        header(MANAGER_ROLE, 0, 1).message(MANAGER_REPORT, body().u8(0).u8(0).i32(-1).i32(0).build()),
                        Rejection.BAD_FIELD_VALUE),
                scenario(
                        "probe report of replica index 26",
                        header(MANAGER_ROLE, 0, 1)
                                .message(PROBE_REPORT, body().u8(NodeId.INDEX_MAX + 1).u8(0).build()),
                        Rejection.BAD_FIELD_VALUE));
    }

    /** An ordered batch body holding the one entry that {@code entry} spells out. */
    private static byte[] entryBatch(RawDatagram.Body entry) {
        byte[] entryBytes = entry.build();
        return body().u16(1).raw(entryBytes).build();
    }

    private static Arguments scenario(String name, RawDatagram datagram, Rejection expected) {
        return Arguments.of(name, datagram.signed(CLUSTER_SECRET), expected);
    }
}
