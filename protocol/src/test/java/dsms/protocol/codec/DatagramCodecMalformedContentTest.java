package dsms.protocol.codec;

import static dsms.protocol.codec.RawDatagram.body;
import static dsms.protocol.codec.RawDatagram.header;
import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaAck;
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
    private static final int FRONT_END_ROLE = 0;
    private static final int REPLICA_ROLE = 2;

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
        return Stream.of(senderAndCountCases(), framingCases(), fieldValueCases(), orderedBatchCases())
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
                scenario("type code 12", header(REPLICA_ROLE, 0, 1).message(12, ack), Rejection.UNKNOWN_MESSAGE_TYPE),
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

    /** An ordered batch body holding the one entry that {@code entry} spells out. */
    private static byte[] entryBatch(RawDatagram.Body entry) {
        byte[] entryBytes = entry.build();
        return body().u16(1).raw(entryBytes).build();
    }

    private static Arguments scenario(String name, RawDatagram datagram, Rejection expected) {
        return Arguments.of(name, datagram.signed(CLUSTER_SECRET), expected);
    }
}
