package dsms.node.metrics;

import dsms.node.http.RequestObserver;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The request rate and latency of the last second, for the dashboard: operation requests are
 * recorded lock-free from any thread; {@link #roll()}, called by one thread a few times a second,
 * closes a slice and recomputes the window from the last {@link #SLICES} slices. A slice's length
 * is measured on the clock it is given, so that the rate can be checked without waiting.
 */
public final class RecentTraffic implements RequestObserver {
    static final int SLICES = 4;
    private static final long LATENCY_US_MAX = 60_000_000L;
    private static final int SIGNIFICANT_DIGITS = 2;
    private static final double MICROS_PER_MILLI = 1_000.0;

    private final Recorder recorder = new Recorder(LATENCY_US_MAX, SIGNIFICANT_DIGITS);
    private final Histogram[] slices = new Histogram[SLICES];
    private final Histogram window = new Histogram(LATENCY_US_MAX, SIGNIFICANT_DIGITS);
    /** How long each slice lasted, at the same index as {@link #slices}. */
    private final long[] sliceSpansNs = new long[SLICES];
    private final LongSupplier clockNs;
    private long sliceStartNs;
    private int nextSlice;
    private volatile Window latest = new Window(0, 0, 0, 0);

    /** @param clockNs a monotonic clock in nanoseconds; the first slice starts now */
    public RecentTraffic(LongSupplier clockNs) {
        this.clockNs = clockNs;
        this.sliceStartNs = clockNs.getAsLong();
    }

    /**
     * @param requestsPerSecond operation requests answered per second over the window
     * @param latencyMsP50 median latency from arrival to answer
     * @param latencyMsP99 99th percentile latency
     * @param latencyMsMax the slowest answer in the window
     */
    public record Window(double requestsPerSecond, double latencyMsP50, double latencyMsP99, double latencyMsMax) {}

    @Override
    public void finished(String operation, String code, long latencyNs) {
        finished(operation, code, latencyNs, 1);
    }

    @Override
    public void finished(String operation, String code, long latencyNs, int count) {
        recorder.recordValueWithCount(Math.min(LATENCY_US_MAX, Math.max(0, latencyNs / 1_000)), count);
    }

    /** Closes the current slice and publishes the new window. One thread only. */
    public void roll() {
        long nowNs = clockNs.getAsLong();
        Histogram recycled = slices[nextSlice];
        slices[nextSlice] = recorder.getIntervalHistogram(recycled);
        sliceSpansNs[nextSlice] = Math.max(0, nowNs - sliceStartNs);
        sliceStartNs = nowNs;
        nextSlice = (nextSlice + 1) % SLICES;
        window.reset();
        long spanNs = 0;
        for (int index = 0; index < SLICES; index++) {
            if (slices[index] != null) {
                window.add(slices[index]);
                spanNs += sliceSpansNs[index];
            }
        }
        long count = window.getTotalCount();
        double seconds = spanNs / 1_000_000_000.0;
        latest = new Window(seconds > 0 ? count / seconds : 0,
                count == 0 ? 0 : window.getValueAtPercentile(50) / MICROS_PER_MILLI,
                count == 0 ? 0 : window.getValueAtPercentile(99) / MICROS_PER_MILLI,
                count == 0 ? 0 : window.getMaxValue() / MICROS_PER_MILLI);
    }

    public Window latest() {
        return latest;
    }
}
