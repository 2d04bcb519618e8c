package dsms.node.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stream protocol's frames: the documented layout, both sides agreeing, and bad bytes refused without a throw. */
class StreamWireTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A server frame as a client receives it, decoded from after its length field. */
    private static Optional<StreamWire.ServerFrame> decode(byte[] frame) {
        int length = ByteBuffer.wrap(frame).getInt();
        assertThat(length).as("the length field counts what follows it").isEqualTo(frame.length - 4);
        return StreamWire.decodeServerFrame(frame, 4, length);
    }

    @Test
    void shouldLayOutTheDocumentedExample() {
        String key = "TOKB0042." + "t".repeat(43);

        byte[] hello = StreamWire.hello(key);
        byte[] batchHead = StreamWire.batchHead(7, null, 30);

        assertThat(HEX.formatHex(hello, 0, 12)).isEqualTo("00000038" + "01" + "01" + "0034" + "544f4b42");
        assertThat(hello).hasSize(4 + 0x38);
        assertThat(HEX.formatHex(batchHead)).isEqualTo("00000028" + "02" + "0000000000000007" + "00");
        assertThat(HEX.formatHex(StreamWire.welcome("TOKB0042"))).isEqualTo("0000000b" + "03" + "01" + "08" + "544f4b4230303432");
        assertThat(HEX.formatHex(StreamWire.answerHead(7, 149))).isEqualTo("0000009e" + "04" + "0000000000000007");
    }

    @Test
    void shouldDecodeEveryFrameTheFrontEndSends() {
        byte[] answer = {1, 0, 0};
        byte[] head = StreamWire.answerHead(-2, answer.length);
        byte[] answerFrame = ByteBuffer.allocate(head.length + answer.length).put(head).put(answer).array();

        assertThat(decode(StreamWire.welcome("LONA0001"))).contains(new StreamWire.Welcome("LONA0001"));
        assertThat(decode(answerFrame)).hasValueSatisfying(frame -> {
            assertThat(((StreamWire.Answer) frame).tag()).isEqualTo(-2);
            assertThat(((StreamWire.Answer) frame).answer()).isEqualTo(answer);
        });
        assertThat(decode(StreamWire.refused(9, "BAD_REQUEST", "operations[1]: wrong number of arguments")))
                .contains(new StreamWire.Refused(9, "BAD_REQUEST", "operations[1]: wrong number of arguments"));
        assertThat(decode(StreamWire.goodbye("NOT_AUTHENTICATED", "the API key is not valid — for this cluster")))
                .contains(new StreamWire.Goodbye("NOT_AUTHENTICATED", "the API key is not valid — for this cluster"));
    }

    @Test
    void shouldRefuseTruncatedPaddedAndUnknownFramesWithoutThrowing() {
        byte[] goodbye = StreamWire.goodbye("BAD_REQUEST", "why");
        byte[] padded = ByteBuffer.allocate(goodbye.length + 1).put(goodbye).array();

        assertThat(StreamWire.decodeServerFrame(goodbye, 4, goodbye.length - 5)).as("truncated").isEmpty();
        assertThat(StreamWire.decodeServerFrame(padded, 4, padded.length - 4)).as("a byte after the message").isEmpty();
        assertThat(StreamWire.decodeServerFrame(new byte[] {StreamWire.BATCH, 0}, 0, 2)).as("a client's frame type").isEmpty();
        assertThat(StreamWire.decodeServerFrame(new byte[0], 0, 0)).isEmpty();
        Random random = new Random(7);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            if (garbage.length > 0) {
                garbage[0] = (byte) (StreamWire.WELCOME + random.nextInt(4));
            }
            StreamWire.decodeServerFrame(garbage, 0, garbage.length);
        }
    }

    @Test
    void shouldBoundAClientFrameByTheLargestBatchWithTheLongestKey() {
        assertThat(StreamWire.CLIENT_FRAME_BYTES_MAX).as("the limit docs/STREAM-PROTOCOL.md gives").isEqualTo(262_409);
        assertThat(StreamWire.batchHead(1, "k".repeat(StreamWire.IDEMPOTENCY_KEY_BYTES_MAX), 262_144))
                .startsWith(ByteBuffer.allocate(4).putInt(StreamWire.CLIENT_FRAME_BYTES_MAX).array());
    }

    @Test
    void shouldRefuseToEncodeKeysLongerThanTheirFields() {
        assertThatThrownBy(() -> StreamWire.hello("k".repeat(StreamWire.KEY_BYTES_MAX + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamWire.batchHead(1, "k".repeat(StreamWire.IDEMPOTENCY_KEY_BYTES_MAX + 1), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
