package dsms.node.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The measured part cut into intervals (one second by default): how many operations completed in
 * each, how many failed, and the latency percentiles of that interval alone, from HdrHistogram
 * interval histograms. A whole-run p99 hides a two-second stall in a ten-second run; the timeline
 * shows when it happened and how long it lasted, which is what a replica crash looks like from the
 * clients' side. Operations belong to the interval in which they completed (or failed).
 */
final class Timeline {
    /** The most intervals a run keeps, so a long run with short intervals cannot grow without bound. */
    static final int INTERVALS_MAX = 100_000;
    private static final double NANOS_PER_MILLI = 1e6;
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * One interval: it ended {@code elapsedSeconds} after the start of the measured part and lasted
     * {@code seconds}; the latencies are those of the operations answered in it.
     */
    record Interval(double elapsedSeconds, double seconds, long operations, long errors, double p50Ms, double p99Ms,
            double maxMs) {
        double operationsPerSecond() {
            return seconds > 0 ? operations / seconds : 0;
        }

        /** The progress line a user watches on stderr while the run goes on. */
        String line() {
            return String.format(Locale.ROOT, "%7.1f s %9.0f ops/s  errors %5d  latency ms p50 %8.2f  p99 %8.2f  max %8.2f",
                    elapsedSeconds, operationsPerSecond(), errors, p50Ms, p99Ms, maxMs);
        }
    }

    private final long measureStartNs;
    private final List<Interval> intervals = new ArrayList<>();
    private long previousEndNs;
    private long previousOperations;
    private long previousErrors;

    Timeline(long measureStartNs) {
        this.measureStartNs = measureStartNs;
        this.previousEndNs = measureStartNs;
    }

    /**
     * Closes the interval that ends at {@code endNs}. The counts are the run's totals so far (the
     * interval's are their increase since the last interval); {@code latency} holds the latencies
     * recorded in this interval only, in nanoseconds.
     */
    Interval close(long endNs, long operationsSoFar, long errorsSoFar, Histogram latency) {
        if (intervals.size() >= INTERVALS_MAX) {
            throw new IllegalStateException("a timeline keeps at most " + INTERVALS_MAX + " intervals");
        }
        boolean empty = latency.getTotalCount() == 0;
        Interval interval = new Interval((endNs - measureStartNs) / NANOS_PER_SECOND,
                Math.max(0, endNs - previousEndNs) / NANOS_PER_SECOND,
                operationsSoFar - previousOperations, errorsSoFar - previousErrors,
                empty ? 0 : latency.getValueAtPercentile(50) / NANOS_PER_MILLI,
                empty ? 0 : latency.getValueAtPercentile(99) / NANOS_PER_MILLI,
                empty ? 0 : latency.getMaxValue() / NANOS_PER_MILLI);
        intervals.add(interval);
        previousEndNs = endNs;
        previousOperations = operationsSoFar;
        previousErrors = errorsSoFar;
        return interval;
    }

    List<Interval> intervals() {
        return Collections.unmodifiableList(intervals);
    }

    /** Appends one object per interval to {@code array}: the shape of {@code timeline} in {@code dsms bench --json}. */
    static void writeJson(List<Interval> intervals, ArrayNode array) {
        for (Interval interval : intervals) {
            array.addObject()
                    .put("elapsedSeconds", round(interval.elapsedSeconds(), 3))
                    .put("operationsPerSecond", Math.round(interval.operationsPerSecond()))
                    .put("operations", interval.operations())
                    .put("errors", interval.errors())
                    .put("p50Ms", round(interval.p50Ms(), 3))
                    .put("p99Ms", round(interval.p99Ms(), 3))
                    .put("maxMs", round(interval.maxMs(), 3));
        }
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
