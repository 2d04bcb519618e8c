package dsms.market;

import dsms.market.result.AsciiText;
import dsms.market.result.MessageSink;
import java.time.Instant;

/**
 * Writes a millisecond timestamp exactly as {@link Instant#toString()} does (ISO-8601 in UTC,
 * the fraction only when it is not zero), for the audit lines of every operation.
 *
 * <p>Formatting an instant with {@code java.time} costs more than the market operation it stamps;
 * consecutive operations nearly always fall in the same second, so the text up to the second is
 * kept and only the milliseconds are written each time. The cache is an immutable value behind a
 * volatile reference: threads that race only format the same second twice.
 */
final class InstantText {
    private static final long MILLIS_PER_SECOND = 1_000L;

    private record CachedSecond(long epochSecond, AsciiText text) {}

    private static volatile CachedSecond cached = new CachedSecond(0, secondText(0));

    private InstantText() {}

    static void append(MessageSink text, long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, MILLIS_PER_SECOND);
        int millis = (int) Math.floorMod(epochMillis, MILLIS_PER_SECOND);
        CachedSecond second = cached;
        if (second.epochSecond() != epochSecond) {
            second = new CachedSecond(epochSecond, secondText(epochSecond));
            cached = second;
        }
        text.append(second.text());
        if (millis != 0) {
            text.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10));
        }
        text.append('Z');
    }

    /** The instant's text up to the seconds, without the closing "Z". */
    private static AsciiText secondText(long epochSecond) {
        String whole = Instant.ofEpochSecond(epochSecond).toString();
        return AsciiText.of(whole.substring(0, whole.length() - 1));
    }
}
