package dsms.market;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.MessageSink;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {
    private static String text(long epochMillis) {
        StringBuilder text = new StringBuilder();
        InstantText.append(MessageSink.into(text), epochMillis);
        return text.toString();
    }

    @Test
    void shouldWriteWhatInstantToStringWritesForEdgeCases() {
        for (long millis : new long[] {0, 1, 10, 100, 999, 1_000, 1_001, 59_999, 1_795_000_000_000L, 1_795_000_000_123L,
                1_795_000_000_120L, 253_402_300_799_999L, 253_402_300_800_000L, -1, -1_000, -1_001}) {
            assertThat(text(millis)).as("millis %d", millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }

    @Test
    void shouldWriteWhatInstantToStringWritesForRandomTimestampsInAndAcrossSeconds() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        long millis = 1_700_000_000_000L;
        for (int sample = 0; sample < 100_000; sample++) {
            // Mostly small steps, as consecutive entries of the sequencer have, sometimes big jumps.
            millis += random.nextInt(10) == 0 ? random.nextLong(1, 10_000_000_000L) : random.nextInt(0, 700);
            assertThat(text(millis)).as("seed %d, millis %d", seed, millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }
}
