package dsms.market.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.market.result.AsciiText;
import dsms.market.result.MessageSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8SinkTest {
    private static byte[] bytesOf(Utf8Sink line) {
        return Arrays.copyOf(line.bytes(), line.length());
    }

    @Test
    void shouldEncodeTextExactlyAsStringGetBytesDoesIncludingPairedAndUnpairedSurrogates() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        char[] alphabet = {'a', 'Z', '0', ' ', ',', '\\', '\n', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xffff,
                0xd83d, 0xde00, 0xdbff, 0xdc00};
        Utf8Sink line = new Utf8Sink(16);
        for (int sample = 0; sample < 20_000; sample++) {
            char[] text = new char[random.nextInt(0, 300)];
            for (int index = 0; index < text.length; index++) {
                text[index] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (char) random.nextInt(0x10000);
            }
            String expected = "x=" + new String(text) + random.nextLong();
            line.truncate(0);
            line.append("x=").append(new String(text));
            line.append(Long.parseLong(expected.substring(2 + text.length)));
            assertThat(bytesOf(line)).as("seed %d, sample %d", seed, sample).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldWriteNumbersAndSingleCharactersAsAStringBuilderWould() {
        Utf8Sink line = new Utf8Sink(16);
        StringBuilder expected = new StringBuilder();
        for (long number : new long[] {0, 7, 9, -7, 10, 99, 100, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L, 1_234_567_890_123L, Long.MAX_VALUE, Long.MIN_VALUE, -10, Integer.MIN_VALUE}) {
            line.append(number).append(';');
            expected.append(number).append(';');
        }
        line.append('\u00e9').append('\u20ac');
        expected.append('\u00e9').append('\u20ac');
        assertThat(new String(bytesOf(line), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void shouldWriteEveryNumberAsLongToStringSpellsIt() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Utf8Sink line = new Utf8Sink(16);
        for (int sample = 0; sample < 100_000; sample++) {
            // Numbers of every length: a random long shifted right by a random amount.
            long number = random.nextLong() >> random.nextInt(64);
            line.truncate(0);
            line.append(number);
            assertThat(new String(bytesOf(line), StandardCharsets.US_ASCII)).as("seed %d", seed).isEqualTo(Long.toString(number));
        }
    }

    @Test
    void shouldWriteAFixedPieceOfTextAsItsCharactersInBothKindsOfSink() {
        AsciiText piece = AsciiText.of(" units of ");
        Utf8Sink line = new Utf8Sink(4);
        StringBuilder text = new StringBuilder();
        for (int repeat = 0; repeat < 3; repeat++) {
            line.append(piece).append(repeat);
            MessageSink.into(text).append(piece).append(repeat);
        }
        assertThat(new String(bytesOf(line), StandardCharsets.US_ASCII)).isEqualTo(text.toString())
                .isEqualTo(" units of 0 units of 1 units of 2");
    }

    @Test
    void shouldRefuseAFixedPieceOfTextThatIsNotPrintableAscii() {
        assertThatThrownBy(() -> AsciiText.of("line\nbreak")).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> AsciiText.of("caf\u00e9")).isInstanceOf(InvariantViolation.class);
        assertThat(AsciiText.of("plain, ASCII; text").length()).isEqualTo(18);
    }

    @Test
    void shouldTruncateToAnEarlierLengthToAppendADifferentEnding() {
        Utf8Sink line = new Utf8Sink(16);
        line.append("base");
        int base = line.length();
        line.append(" first");
        line.truncate(base);
        line.append(" second");
        assertThat(new String(bytesOf(line), StandardCharsets.UTF_8)).isEqualTo("base second");
        assertThatThrownBy(() -> line.truncate(line.length() + 1)).isInstanceOf(InvariantViolation.class);
    }
}
