package dsms.protocol.codec;

import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static dsms.protocol.codec.SampleMessages.FRONT_END;
import static dsms.protocol.codec.SampleMessages.SEQUENCER;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.core.StateDigest;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.CheckpointChunkRequest;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.EntriesForgotten;
import dsms.protocol.message.EntriesRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerHeartbeat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misuse of the codec by the code that calls it fails loudly at once, instead of producing
 * datagrams that every receiver would silently drop.
 */
class DatagramCodecProgrammerErrorTest {
    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);

    @Test
    void a_cluster_secret_shorter_than_sixteen_bytes_is_refused() {
        assertThatThrownBy(() -> new DatagramCodec(new byte[15])).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> new DatagramCodec(null)).isInstanceOf(InvariantViolation.class);
        assertThatCode(() -> new DatagramCodec(new byte[16])).doesNotThrowAnyException();
    }

    @Test
    void a_datagram_size_limit_outside_the_udp_payload_or_below_one_full_entry_is_refused() {
        assertThatThrownBy(() -> new DatagramCodec(CLUSTER_SECRET, DatagramFormat.UDP_PAYLOAD_BYTES_MAX + 1))
                .isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> new DatagramCodec(CLUSTER_SECRET, DatagramFormat.DATAGRAM_BYTES_MIN - 1))
                .isInstanceOf(InvariantViolation.class);
        assertThatCode(() -> new DatagramCodec(CLUSTER_SECRET, DatagramFormat.UDP_PAYLOAD_BYTES_MAX))
                .doesNotThrowAnyException();
    }

    @Test
    void a_message_one_byte_too_big_for_a_datagram_is_refused() {
        byte[] chunk = new byte[codec.resultChunkBytesMax() + 1];
        ReplicaResult result = new ReplicaResult(1, new RequestId(1, 1), 0, 1, chunk);

        assertThatThrownBy(() -> codec.encode(SEQUENCER, List.of(new ReplicaAck(1), result)))
                .isInstanceOf(InvariantViolation.class)
                .hasMessageContaining("fits one datagram");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messagesWithFieldsOutOfRange")
    void a_message_with_a_field_out_of_range_is_refused(String scenario, Message message) {
        assertThatThrownBy(() -> codec.encode(FRONT_END, List.of(message))).isInstanceOf(InvariantViolation.class);
    }

    static Stream<Arguments> messagesWithFieldsOutOfRange() {
        RequestId requestId = new RequestId(1, 1);
        return Stream.of(
                Arguments.of("command over COMMAND_BYTES_MAX", new ClientRequest(requestId, new byte[4_097])),
                Arguments.of("negative request counter", new ClientRequest(new RequestId(1, -1), new byte[0])),
                Arguments.of("sequencer ack for sequence 0", new SequencerAck(requestId, 0, 0)),
                Arguments.of("heartbeat with a negative epoch", new SequencerHeartbeat(-1, 0)),
                Arguments.of("negative cumulative ack", new ReplicaAck(-1)),
                Arguments.of("nack ending before it starts", new Nack(5, 4)),
                Arguments.of("chunk index equal to the count", new ReplicaResult(1, requestId, 1, 1, new byte[0])),
                Arguments.of("chunk count over the maximum", new ReplicaResult(1, requestId, 0, 1_025, new byte[0])),
                Arguments.of("crash suspicion of replica 26", new CrashSuspicion(26, 1)),
                Arguments.of(
                        "verdict with a negative replica index",
                        new ResultVerdict(requestId, 1, -1, ResultVerdict.Verdict.CORRECT)),
                Arguments.of(
                        "entry with sequence 0", batchOf(new OrderedEntry(0, 0, 0, requestId, FRONT_END, new byte[0]))),
                Arguments.of(
                        "entry with a negative timestamp",
                        batchOf(new OrderedEntry(0, 1, -1, requestId, FRONT_END, new byte[0]))),
                Arguments.of(
                        "checkpoint announced past the delivered sequence",
                        new CheckpointAnnouncement(5, 4, 1, StateDigest.of(new byte[0]))),
                Arguments.of("checkpoint announcement without a digest", new CheckpointAnnouncement(5, 5, 1, null)),
                Arguments.of("checkpoint chunk request for no bytes", new CheckpointChunkRequest(1, 0, 0)),
                Arguments.of("checkpoint chunk request over 65535 bytes", new CheckpointChunkRequest(1, 0, 65_536)),
                Arguments.of("empty checkpoint chunk", new CheckpointChunk(1, 0, new byte[0])),
                Arguments.of(
                        "checkpoint chunk ending past the largest array",
                        new CheckpointChunk(1, Integer.MAX_VALUE, new byte[1])),
                Arguments.of("entries request ending before it starts", new EntriesRequest(5, 4)),
                Arguments.of("entries forgotten before sequence 1", new EntriesForgotten(1, 0)),
                Arguments.of("probe reply without a status", new ProbeReply(1, null, 0)),
                Arguments.of("probe report of replica 26", new ProbeReport(26, ProbeReport.Finding.REACHABLE)));
    }

    @Test
    void encoding_into_a_little_endian_or_too_small_buffer_is_refused() {
        List<Message> messages = List.of(new ReplicaAck(1));
        ByteBuffer littleEndian = ByteBuffer.allocate(codec.datagramBytesMax()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer tooSmall = ByteBuffer.allocate(codec.datagramBytesMax() - 1);

        assertThatThrownBy(() -> codec.encodeDatagram(SEQUENCER, messages, 0, littleEndian))
                .isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> codec.encodeDatagram(SEQUENCER, messages, 0, tooSmall))
                .isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> codec.encodeDatagram(SEQUENCER, messages, 1, ByteBuffer.allocate(65_000)))
                .isInstanceOf(InvariantViolation.class);
    }

    @Test
    void decoding_outside_the_bounds_of_the_array_is_refused() {
        byte[] bytes = new byte[100];

        assertThatThrownBy(() -> codec.decode(bytes, 50, 51)).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> codec.decode(bytes, -1, 10)).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> codec.decode(bytes, 0, -1)).isInstanceOf(InvariantViolation.class);
        assertThatCode(() -> codec.decode(bytes, 50, 50)).doesNotThrowAnyException();
    }

    private static OrderedBatch batchOf(OrderedEntry entry) {
        return new OrderedBatch(List.of(entry));
    }
}
