package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.node.stream.StreamWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark's reader of stream frames: answers in any pieces, the welcome skipped, refusals explained. */
class StreamFrameReaderTest {
    /** Hands out the bytes a few at a time, as a slow network would. */
    private static ReadableByteChannel trickle(byte[] bytes, int piece) {
        return new ReadableByteChannel() {
            private int next;

            @Override
            public int read(ByteBuffer target) {
                if (next == bytes.length) {
                    return -1;
                }
                int count = Math.min(Math.min(piece, target.remaining()), bytes.length - next);
                target.put(bytes, next, count);
                next += count;
                return count;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
    }

    private static byte[] answerFrame(long tag, byte[] answer) {
        byte[] head = answerHead(tag, answer.length);
        return ByteBuffer.allocate(head.length + answer.length).put(head).put(answer).array();
    }

    private static byte[] answerHead(long tag, int answerBytes) {
        return ByteBuffer.allocate(13).putInt(1 + 8 + answerBytes).put((byte) StreamWire.ANSWER).putLong(tag).array();
    }

    private static byte[] welcome() {
        byte[] user = "LONB0001".getBytes();
        return ByteBuffer.allocate(7 + user.length).putInt(3 + user.length).put((byte) StreamWire.WELCOME)
                .put((byte) 1).put((byte) user.length).put(user).array();
    }

    /** Reads until an answer is complete, or the bytes run out (false). */
    private static boolean readAnswer(StreamFrameReader reader, ReadableByteChannel channel) throws IOException {
        while (!reader.parse()) {
            if (reader.readFrom(channel) < 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldSkipTheWelcomeAndGiveEachAnswerInPlaceFromBytesInAnyPieces() throws IOException {
        byte[] first = new byte[40_000];
        Arrays.fill(first, (byte) 7);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(welcome());
        stream.writeBytes(answerFrame(1, first));
        stream.writeBytes(answerFrame(2, new byte[] {1, 0, 0}));
        ReadableByteChannel channel = trickle(stream.toByteArray(), 333);
        StreamFrameReader reader = new StreamFrameReader();

        assertThat(readAnswer(reader, channel)).isTrue();
        assertThat(reader.status()).isEqualTo(200);
        assertThat(Arrays.copyOfRange(reader.bodyArray(), reader.bodyOffset(), reader.bodyOffset() + reader.bodyLength()))
                .isEqualTo(first);
        reader.consume();
        assertThat(readAnswer(reader, channel)).isTrue();
        assertThat(reader.bodyLength()).isEqualTo(3);
        assertThat(reader.closeAfter()).isFalse();
        reader.consume();
        assertThat(readAnswer(reader, channel)).isFalse();
    }

    @Test
    void shouldExplainARefusedBatchAndAGoodbyeAsFailedResponses() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(ByteBuffer.allocate(4 + 1 + 8 + 1 + 11 + 2 + 3).putInt(1 + 8 + 1 + 11 + 2 + 3)
                .put((byte) StreamWire.BATCH_REFUSED).putLong(5).put((byte) 11).put("BAD_REQUEST".getBytes())
                .putShort((short) 3).put("why".getBytes()).array());
        stream.writeBytes(ByteBuffer.allocate(4 + 1 + 1 + 10 + 2 + 4).putInt(1 + 1 + 10 + 2 + 4)
                .put((byte) StreamWire.GOODBYE).put((byte) 10).put("OVERLOADED".getBytes())
                .putShort((short) 4).put("full".getBytes()).array());
        ReadableByteChannel channel = trickle(stream.toByteArray(), 1_000);
        StreamFrameReader reader = new StreamFrameReader();

        assertThat(readAnswer(reader, channel)).isTrue();
        assertThat(reader.status()).isNotEqualTo(200);
        assertThat(new String(reader.bodyArray(), reader.bodyOffset(), reader.bodyLength())).isEqualTo("BAD_REQUEST: why");
        assertThat(reader.closeAfter()).isFalse();
        reader.consume();
        assertThat(readAnswer(reader, channel)).isTrue();
        assertThat(new String(reader.bodyArray(), reader.bodyOffset(), reader.bodyLength())).isEqualTo("OVERLOADED: full");
        assertThat(reader.closeAfter()).as("the front end closes after a goodbye").isTrue();
    }

    @Test
    void shouldRefuseAFrameLargerThanItsLimitOrOfAnUnknownType() {
        StreamFrameReader oversized = new StreamFrameReader();
        StreamFrameReader unknown = new StreamFrameReader();

        assertThatThrownBy(() -> readAnswer(oversized, trickle(ByteBuffer.allocate(5)
                .putInt(StreamFrameReader.FRAME_BYTES_MAX).put((byte) StreamWire.ANSWER).array(), 5)))
                .isInstanceOf(HttpResponseParser.MalformedResponseException.class);
        assertThatThrownBy(() -> readAnswer(unknown, trickle(new byte[] {0, 0, 0, 1, 99}, 5)))
                .isInstanceOf(HttpResponseParser.MalformedResponseException.class);
    }
}
