package dsms.protocol.codec;

import static dsms.protocol.codec.Datagrams.accepted;
import static dsms.protocol.codec.Datagrams.assertSameContent;
import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static dsms.protocol.codec.SampleMessages.SEQUENCER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.Message;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Records for a node's own log: the datagram layout with its own magic and no MAC. */
class DatagramCodecStoredTest {
    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);

    @Test
    void shouldDecodeAStoredRecordOfEveryMessageTypeWithItsSenderAndContent() {
        for (Message message : SampleMessages.oneOfEachType()) {
            DecodeResult.Decoded decoded = accepted(codec.decodeStored(stored(message)));

            assertThat(decoded.from()).isEqualTo(SEQUENCER);
            assertSameContent(decoded.messages(), List.of(message));
        }
    }

    @Test
    void shouldWriteTheSameRecordFromAnyPositionOfTheBufferAndEndAfterIt() {
        for (Message message : SampleMessages.oneOfEachType()) {
            byte[] record = stored(message);
            ByteBuffer buffer = ByteBuffer.allocate(record.length + 7);
            buffer.position(5);

            codec.encodeStored(SEQUENCER, message, buffer);

            assertThat(codec.storedLengthBytes(message)).isEqualTo(record.length);
            assertThat(buffer.position()).isEqualTo(5 + record.length);
            assertThat(Arrays.copyOfRange(buffer.array(), 5, 5 + record.length)).isEqualTo(record);
        }
    }

    @Test
    void shouldNeverTakeAStoredRecordForADatagramNorADatagramForAStoredRecord() {
        Message message = SampleMessages.oneOfEachType().get(0);
        byte[] stored = stored(message);
        byte[] datagram = codec.encode(SEQUENCER, List.of(message)).get(0);

        assertThat(codec.decode(stored)).isEqualTo(DatagramParser.rejected(Rejection.BAD_MAGIC));
        assertThat(codec.decodeStored(datagram)).isEqualTo(DatagramParser.rejected(Rejection.BAD_MAGIC));
    }

    @Test
    void shouldRejectEveryTruncationAndRandomCorruptionOfAStoredRecordWithoutThrowing() {
        SplittableRandom random = new SplittableRandom(0x5702ED);
        for (Message message : SampleMessages.oneOfEachType()) {
            byte[] stored = stored(message);
            for (int length = 0; length < stored.length; length++) {
                assertThat(codec.decodeStored(Arrays.copyOf(stored, length)))
                        .as("%s cut to %d bytes", message.getClass().getSimpleName(), length)
                        .isInstanceOf(DecodeResult.Rejected.class);
            }
            for (int trial = 0; trial < 200; trial++) {
                byte[] corrupted = stored.clone();
                corrupted[random.nextInt(corrupted.length)] ^= (byte) (1 + random.nextInt(255));
                // Without a MAC a flipped byte may still parse (the log's CRC is what catches it);
                // what must hold is that decoding answers instead of throwing.
                assertThat(codec.decodeStored(corrupted)).isNotNull();
            }
        }
    }

    /** The stored record of {@code message} in an array of its own, written from the array's start. */
    private byte[] stored(Message message) {
        ByteBuffer record = ByteBuffer.allocate(codec.storedLengthBytes(message));
        codec.encodeStored(SEQUENCER, message, record);
        assertThat(record.hasRemaining()).as("the record fills the length announced").isFalse();
        return record.array();
    }
}
