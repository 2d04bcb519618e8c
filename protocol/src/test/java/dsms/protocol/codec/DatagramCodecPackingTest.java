package dsms.protocol.codec;

import static dsms.protocol.codec.Datagrams.accepted;
import static dsms.protocol.codec.Datagrams.assertSameContent;
import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static dsms.protocol.codec.SampleMessages.FRONT_END;
import static dsms.protocol.codec.SampleMessages.SEQUENCER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.message.CheckpointChunk;
import dsms.protocol.message.ClientRequest;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaAck;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatagramCodecPackingTest {
    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);

    @Test
    void many_messages_fill_as_few_datagrams_as_fit_and_keep_their_order() {
        SplittableRandom random = new SplittableRandom(7);
        List<Message> messages = SampleMessages.randomList(random, 20_000);

        List<byte[]> datagrams = codec.encode(SEQUENCER, messages);

        assertThat(datagrams).hasSize(greedyDatagramCount(messages, codec.messageBytesMax()));
        assertThat(datagrams).hasSizeGreaterThan(5);
        assertThat(datagrams).allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(65_000));
        List<Message> decoded = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            decoded.addAll(accepted(codec.decode(datagram)).messages());
        }
        assertSameContent(decoded, messages);
    }

    @Test
    void the_biggest_checkpoint_chunk_fills_a_datagram_to_the_last_byte_and_one_more_byte_is_refused() {
        byte[] chunk = new byte[codec.checkpointChunkBytesMax()];
        new SplittableRandom(2).nextBytes(chunk);
        CheckpointChunk message = new CheckpointChunk(4_096, 1 << 30, chunk);

        List<byte[]> datagrams = codec.encode(NodeId.replica(1), List.of(message));

        assertThat(datagrams)
                .singleElement()
                .satisfies(datagram -> assertThat(datagram).hasSize(65_000));
        assertSameContent(accepted(codec.decode(datagrams.get(0))).messages(), List.of(message));
        CheckpointChunk oneByteTooBig = new CheckpointChunk(4_096, 0, new byte[chunk.length + 1]);
        assertThatThrownBy(() -> codec.encode(NodeId.replica(1), List.of(oneByteTooBig)))
                .isInstanceOf(InvariantViolation.class);
    }

    @Test
    void the_biggest_result_chunk_fills_a_datagram_to_the_last_byte() {
        byte[] chunk = new byte[codec.resultChunkBytesMax()];
        new SplittableRandom(1).nextBytes(chunk);
        ReplicaResult result = new ReplicaResult(5, new RequestId(1, 1), 0, 1, chunk);

        List<byte[]> datagrams = codec.encode(NodeId.replica(0), List.of(result));

        assertThat(datagrams)
                .singleElement()
                .satisfies(datagram -> assertThat(datagram).hasSize(65_000));
        assertSameContent(accepted(codec.decode(datagrams.get(0))).messages(), List.of(result));
    }

    @Test
    void a_result_bigger_than_a_datagram_travels_as_chunks_and_reassembles() {
        byte[] result = new byte[3 * codec.resultChunkBytesMax() + 17];
        new SplittableRandom(2).nextBytes(result);
        List<ReplicaResult> chunks = chunk(result, codec.resultChunkBytesMax());

        List<byte[]> datagrams = codec.encode(NodeId.replica(1), chunks);

        assertThat(datagrams).hasSize(4);
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        for (byte[] datagram : datagrams) {
            for (Message message : accepted(codec.decode(datagram)).messages()) {
                reassembled.writeBytes(((ReplicaResult) message).resultChunk());
            }
        }
        assertThat(reassembled.toByteArray()).isEqualTo(result);
    }

    @Test
    void commands_of_the_maximum_size_travel_alone_and_in_a_batch_that_fills_a_message() {
        byte[] command = new byte[DatagramFormat.COMMAND_BYTES_MAX];
        Arrays.fill(command, (byte) 0x5A);
        OrderedBatch fullBatch = batchOfExactly(codec.messageBytesMax(), command);
        List<Message> messages = List.of(new ClientRequest(new RequestId(1, 1), command), fullBatch);

        List<byte[]> datagrams = codec.encode(SEQUENCER, messages);

        assertThat(codec.encodedLengthBytes(fullBatch)).isEqualTo(codec.messageBytesMax());
        assertThat(datagrams).hasSize(2);
        assertThat(datagrams.get(1)).hasSize(codec.datagramBytesMax());
        assertSameContent(accepted(codec.decode(datagrams.get(1))).messages(), List.of(fullBatch));
    }

    @Test
    void the_smallest_allowed_datagram_still_carries_an_entry_with_the_biggest_command() {
        DatagramCodec smallCodec = new DatagramCodec(CLUSTER_SECRET, DatagramFormat.DATAGRAM_BYTES_MIN);
        byte[] command = new byte[DatagramFormat.COMMAND_BYTES_MAX];
        OrderedBatch batch =
                new OrderedBatch(List.of(new OrderedEntry(1, 1, 1, new RequestId(1, 1), FRONT_END, command)));

        List<byte[]> datagrams = smallCodec.encode(SEQUENCER, List.of(batch, batch));

        assertThat(datagrams)
                .hasSize(2)
                .allSatisfy(datagram -> assertThat(datagram).hasSize(DatagramFormat.DATAGRAM_BYTES_MIN));
        assertSameContent(accepted(smallCodec.decode(datagrams.get(0))).messages(), List.of(batch));
    }

    @Test
    void encoding_into_a_direct_buffer_gives_the_same_bytes_and_decodes_from_it() {
        List<Message> messages = SampleMessages.randomList(new SplittableRandom(3), 2_000);
        List<byte[]> expected = codec.encode(FRONT_END, messages);
        ByteBuffer buffer = ByteBuffer.allocateDirect(codec.datagramBytesMax() + 10);

        int nextIndex = 0;
        for (byte[] expectedDatagram : expected) {
            buffer.clear().position(10);
            nextIndex = codec.encodeDatagram(FRONT_END, messages, nextIndex, buffer);
            buffer.flip().position(10);
            byte[] actual = new byte[buffer.remaining()];
            buffer.duplicate().get(actual);

            assertThat(actual).isEqualTo(expectedDatagram);
            assertThat(codec.decode(buffer)).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(buffer.position())
                    .as("decoding leaves the buffer's position alone")
                    .isEqualTo(10);
        }
        assertThat(nextIndex).isEqualTo(messages.size());
    }

    @Test
    void a_datagram_in_the_middle_of_a_larger_array_decodes_by_offset_and_length() {
        byte[] datagram =
                codec.encode(NodeId.replica(2), List.of(new ReplicaAck(9))).get(0);
        byte[] surrounding = new byte[datagram.length + 100];
        Arrays.fill(surrounding, (byte) 0x77);
        System.arraycopy(datagram, 0, surrounding, 40, datagram.length);

        DecodeResult.Decoded decoded = accepted(codec.decode(surrounding, 40, datagram.length));

        assertThat(decoded.from()).isEqualTo(NodeId.replica(2));
        assertThat(decoded.messages()).containsExactly(new ReplicaAck(9));
    }

    /** How many datagrams packing in order, each as full as it gets, needs: the fewest possible. */
    private static int greedyDatagramCount(List<Message> messages, int messageBytesMax) {
        int datagramCount = 0;
        int bytesLeft = 0;
        for (Message message : messages) {
            int messageBytes = DatagramFormat.encodedLengthBytes(message);
            if (messageBytes > bytesLeft) {
                datagramCount++;
                bytesLeft = messageBytesMax;
            }
            bytesLeft -= messageBytes;
        }
        return datagramCount;
    }

    private static List<ReplicaResult> chunk(byte[] result, int chunkBytesMax) {
        int chunkCount = (result.length + chunkBytesMax - 1) / chunkBytesMax;
        List<ReplicaResult> chunks = new ArrayList<>();
        for (int chunkIndex = 0; chunkIndex < chunkCount; chunkIndex++) {
            int from = chunkIndex * chunkBytesMax;
            byte[] chunk = Arrays.copyOfRange(result, from, Math.min(result.length, from + chunkBytesMax));
            chunks.add(new ReplicaResult(8, new RequestId(4, 4), chunkIndex, chunkCount, chunk));
        }
        return chunks;
    }

    /** A batch of entries with commands cut from {@code command}, exactly {@code encodedBytes} long. */
    private static OrderedBatch batchOfExactly(int encodedBytes, byte[] command) {
        List<OrderedEntry> entries = new ArrayList<>();
        int bytesLeft = encodedBytes - DatagramFormat.ORDERED_BATCH_EMPTY_BYTES;
        for (long sequence = 1; bytesLeft > 0; sequence++) {
            int commandBytes = Math.min(command.length, bytesLeft - DatagramFormat.ORDERED_ENTRY_EMPTY_BYTES);
            entries.add(new OrderedEntry(
                    1, sequence, 0, new RequestId(2, sequence), FRONT_END, Arrays.copyOf(command, commandBytes)));
            bytesLeft -= DatagramFormat.ORDERED_ENTRY_EMPTY_BYTES + commandBytes;
        }
        return new OrderedBatch(entries);
    }
}
