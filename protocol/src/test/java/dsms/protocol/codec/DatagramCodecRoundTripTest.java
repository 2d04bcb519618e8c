package dsms.protocol.codec;

import static dsms.protocol.codec.Datagrams.accepted;
import static dsms.protocol.codec.Datagrams.assertSameContent;
import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static dsms.protocol.codec.SampleMessages.FRONT_END;
import static dsms.protocol.codec.SampleMessages.SEQUENCER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultRequest;
import dsms.protocol.message.ResultVerdict;
import dsms.protocol.message.SequencerAck;
import dsms.protocol.message.SequencerHeartbeat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatagramCodecRoundTripTest {
    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);

    @Test
    void one_message_of_every_type_comes_back_with_the_same_content_and_sender() {
        List<Message> messages = SampleMessages.oneOfEachType();

        List<byte[]> datagrams = codec.encode(SEQUENCER, messages);

        assertThat(datagrams).hasSize(1);
        DecodeResult.Decoded decoded = accepted(codec.decode(datagrams.get(0)));
        assertThat(decoded.from()).isEqualTo(SEQUENCER);
        assertSameContent(decoded.messages(), messages);
    }

    @Test
    void the_samples_cover_every_message_type() {
        assertThat(SampleMessages.oneOfEachType().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
    }

    @Test
    void the_content_comparison_notices_one_changed_byte_deep_inside_a_batch() {
        byte[] command = {1, 2, 3};
        byte[] changedCommand = {1, 2, 4};
        RequestId requestId = new RequestId(1, 1);
        List<Message> original =
                List.of(new OrderedBatch(List.of(new OrderedEntry(0, 1, 0, requestId, FRONT_END, command))));
        List<Message> changed =
                List.of(new OrderedBatch(List.of(new OrderedEntry(0, 1, 0, requestId, FRONT_END, changedCommand))));

        assertThatThrownBy(() -> assertSameContent(changed, original)).isInstanceOf(AssertionError.class);
    }

    @Test
    void decoded_node_ids_are_the_one_shared_instance_of_each_node() {
        RequestId requestId = new RequestId(1, 1);
        OrderedEntry entry = new OrderedEntry(0, 1, 0, requestId, new NodeId(NodeId.Role.FRONT_END, 0), new byte[] {1});
        byte[] datagram = codec.encode(new NodeId(NodeId.Role.SEQUENCER, 0), List.of(new OrderedBatch(List.of(entry))))
                .get(0);

        DecodeResult.Decoded first = (DecodeResult.Decoded) codec.decode(datagram);
        DecodeResult.Decoded second = (DecodeResult.Decoded) codec.decode(datagram);

        assertThat(first.from()).isSameAs(second.from()).isSameAs(NodeId.sequencer(0));
        OrderedEntry decoded = ((OrderedBatch) first.messages().get(0)).entries().get(0);
        assertThat(decoded.frontEnd()).isSameAs(NodeId.frontEnd(0)).isSameAs(NodeId.of(NodeId.Role.FRONT_END, 0));
    }

    @Test
    void each_message_alone_takes_the_overhead_plus_its_encoded_length() {
        for (Message message : SampleMessages.oneOfEachType()) {
            byte[] datagram = codec.encode(SEQUENCER, List.of(message)).get(0);

            assertThat(datagram.length)
                    .as("%s", message.getClass().getSimpleName())
                    .isEqualTo(DatagramFormat.DATAGRAM_OVERHEAD_BYTES + codec.encodedLengthBytes(message));
        }
    }

    @Test
    void empty_batches_commands_and_result_chunks_survive_a_round_trip() {
        RequestId requestId = new RequestId(0, 0);
        List<Message> messages = List.of(
                new OrderedBatch(List.of()),
                new ClientRequest(requestId, new byte[0]),
                new ReplicaResult(1, requestId, 0, 1, new byte[0]),
                new OrderedBatch(List.of(new OrderedEntry(0, 1, 0, requestId, FRONT_END, new byte[0]))));

        DecodeResult.Decoded decoded =
                accepted(codec.decode(codec.encode(FRONT_END, messages).get(0)));

        assertSameContent(decoded.messages(), messages);
    }

    @Test
    void encoding_no_messages_gives_no_datagrams() {
        assertThat(codec.encode(SEQUENCER, List.of())).isEmpty();
    }

    @Test
    void every_role_and_index_limit_travels_as_sender_and_as_front_end_of_an_entry() {
        for (NodeId.Role role : NodeId.Role.values()) {
            for (int index : new int[] {0, NodeId.INDEX_MAX}) {
                NodeId node = new NodeId(role, index);
                List<Message> messages = List.of(new OrderedBatch(
                        List.of(new OrderedEntry(0, 1, 0, new RequestId(1, 1), node, new byte[] {9}))));

                DecodeResult.Decoded decoded =
                        accepted(codec.decode(codec.encode(node, messages).get(0)));

                assertThat(decoded.from()).isEqualTo(node);
                assertSameContent(decoded.messages(), messages);
            }
        }
    }

    @Test
    void every_verdict_and_replica_index_limit_survives_a_round_trip() {
        List<Message> messages = new ArrayList<>();
        for (ResultVerdict.Verdict verdict : ResultVerdict.Verdict.values()) {
            messages.add(new ResultVerdict(new RequestId(3, 4), 5, 0, verdict));
            messages.add(new ResultVerdict(new RequestId(3, 4), 5, NodeId.INDEX_MAX, verdict));
        }
        messages.add(new CrashSuspicion(NodeId.INDEX_MAX, 0));

        DecodeResult.Decoded decoded =
                accepted(codec.decode(codec.encode(FRONT_END, messages).get(0)));

        assertSameContent(decoded.messages(), messages);
    }

    @Test
    void recovery_messages_at_the_edges_of_their_ranges_survive_a_round_trip() {
        long max = Long.MAX_VALUE;
        StateDigest digest = StateDigest.of(new byte[] {1});
        List<Message> messages = List.of(
                new CheckpointAnnouncement(0, 0, 0, digest),
                new CheckpointAnnouncement(max, max, Integer.MAX_VALUE, digest),
                new CheckpointChunkRequest(0, 0, 1),
                new CheckpointChunkRequest(max, Integer.MAX_VALUE - 0xFFFF, 0xFFFF),
                new CheckpointChunk(0, 0, new byte[] {-1}),
                new CheckpointChunk(max, Integer.MAX_VALUE - 1, new byte[] {1}),
                new EntriesRequest(1, 1),
                new EntriesRequest(max, max),
                new EntriesForgotten(0, 1),
                new EntriesForgotten(max, max),
                new Probe(Long.MIN_VALUE),
                new Probe(max),
                new ProbeReply(Long.MIN_VALUE, ReplicaStatus.LIVE, 0),
                new ProbeReply(max, ReplicaStatus.RECOVERING, max),
                new ProbeReport(0, ProbeReport.Finding.REACHABLE),
                new ProbeReport(NodeId.INDEX_MAX, ProbeReport.Finding.UNREACHABLE),
                new ManagerReport(0, ManagerReport.ObservedState.UNKNOWN, 0, 0),
                new ManagerReport(NodeId.INDEX_MAX, ManagerReport.ObservedState.DOWN, Integer.MAX_VALUE, Integer.MAX_VALUE));

        DecodeResult.Decoded decoded =
                accepted(codec.decode(codec.encode(NodeId.replicaManager(2), messages).get(0)));

        assertSameContent(decoded.messages(), messages);
    }

    @Test
    void numbers_at_the_edges_of_their_ranges_survive_a_round_trip() {
        long max = Long.MAX_VALUE;
        List<Message> messages = List.of(
                new SequencerAck(new RequestId(Long.MIN_VALUE, 0), 0, 1),
                new SequencerAck(new RequestId(Long.MAX_VALUE, max), max, max),
                new SequencerHeartbeat(0, 0),
                new SequencerHeartbeat(max, max),
                new ReplicaAck(0),
                new ReplicaAck(max),
                new Nack(1, 1),
                new Nack(1, max),
                new Nack(max, max),
                new ResultRequest(new RequestId(-1, 0), 0),
                new ReplicaResult(max, new RequestId(-1, max), 0, 1, new byte[] {-128, 127}),
                new ReplicaResult(
                        1,
                        new RequestId(0, 0),
                        DatagramFormat.RESULT_CHUNK_COUNT_MAX - 1,
                        DatagramFormat.RESULT_CHUNK_COUNT_MAX,
                        new byte[] {0}),
                new OrderedBatch(
                        List.of(new OrderedEntry(max, max, max, new RequestId(-1, max), FRONT_END, new byte[] {-1}))));

        DecodeResult.Decoded decoded =
                accepted(codec.decode(codec.encode(SEQUENCER, messages).get(0)));

        assertSameContent(decoded.messages(), messages);
    }

    @Test
    void decoded_byte_arrays_are_copies_that_later_writes_to_the_datagram_do_not_change() {
        byte[] command = {10, 20, 30};
        byte[] datagram = codec.encode(FRONT_END, List.of(new ClientRequest(new RequestId(1, 2), command)))
                .get(0);

        DecodeResult.Decoded decoded = accepted(codec.decode(datagram));
        Arrays.fill(datagram, (byte) 0);

        assertThat(((ClientRequest) decoded.messages().get(0)).command()).containsExactly(10, 20, 30);
    }

    @Test
    void random_message_lists_survive_a_round_trip() {
        long seed = 20_261_101L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 500; round++) {
            NodeId from = SampleMessages.node(random);
            List<Message> messages = SampleMessages.randomList(random, 1 + random.nextInt(40));

            List<Message> decoded = new ArrayList<>();
            for (byte[] datagram : codec.encode(from, messages)) {
                DecodeResult.Decoded result = accepted(codec.decode(datagram));
                assertThat(result.from()).as("seed %d, round %d", seed, round).isEqualTo(from);
                decoded.addAll(result.messages());
            }

            assertSameContent(decoded, messages);
        }
    }
}
