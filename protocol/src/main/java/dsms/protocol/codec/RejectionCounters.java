package dsms.protocol.codec;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How many datagrams were dropped for each {@link Rejection}. Not thread-safe: each receiving
 * thread keeps its own counters, just as it keeps its own {@link DatagramCodec}.
 */
public final class RejectionCounters {
    private static final Rejection[] REJECTIONS = Rejection.values();

    private final long[] countsByOrdinal = new long[REJECTIONS.length];

    /** Counts one datagram dropped for {@code reason}. */
    public void increment(Rejection reason) {
        countsByOrdinal[reason.ordinal()]++;
    }

    /** Counts {@code result} when it is a rejection; returns whether it was. */
    public boolean countIfRejected(DecodeResult result) {
        if (result instanceof DecodeResult.Rejected rejected) {
            increment(rejected.reason());
            return true;
        }
        return false;
    }

    public long count(Rejection reason) {
        return countsByOrdinal[reason.ordinal()];
    }

    /** The datagrams dropped for any reason. */
    public long total() {
        long total = 0;
        for (long count : countsByOrdinal) {
            total += count;
        }
        return total;
    }

    /** A copy of every counter, zeros included, in the declaration order of {@link Rejection}. */
    public Map<Rejection, Long> snapshot() {
        Map<Rejection, Long> snapshot = new EnumMap<>(Rejection.class);
        for (Rejection reason : REJECTIONS) {
            snapshot.put(reason, countsByOrdinal[reason.ordinal()]);
        }
        return Collections.unmodifiableMap(snapshot);
    }

    /** Every counter, zeros included, in the declaration order of {@link Rejection}. */
    @Override
    public String toString() {
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        for (Rejection reason : REJECTIONS) {
            joined.add(reason + "=" + countsByOrdinal[reason.ordinal()]);
        }
        return joined.toString();
    }
}
