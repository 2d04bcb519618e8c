package dsms.simulation.trace;

import dsms.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The readable trace of one run: one line per event, {@code time node event}, with time in
 * milliseconds since the run started.
 *
 * <p>The last {@link #TAIL_LINES_MAX} events are always kept, unformatted, for failure reports.
 * With a full sink, every line is formatted and handed to it as it happens; the same seed gives
 * the same lines, byte for byte.
 */
public final class Trace {
    /** How many of the latest events a failure report shows. */
    public static final int TAIL_LINES_MAX = 80;

    private static final Consumer<String> NO_SINK = line -> {};

    private final long startNs;
    private final Consumer<String> fullSink;
    private final boolean full;
    private final Line[] tail = new Line[TAIL_LINES_MAX];
    private long recorded;

    private record Line(long timeNs, String node, TraceEvent event) {}

    private Trace(long startNs, Consumer<String> fullSink, boolean full) {
        this.startNs = startNs;
        this.fullSink = fullSink;
        this.full = full;
    }

    /** A trace that keeps only its tail. */
    public static Trace tailOnly(long startNs) {
        return new Trace(startNs, NO_SINK, false);
    }

    /** A trace that also hands every formatted line to {@code sink}. */
    public static Trace full(long startNs, Consumer<String> sink) {
        Checks.check(sink != null, "a full trace has a sink");
        return new Trace(startNs, sink, true);
    }

    /** Records one event of {@code node} (a node ID, or a client's name) at {@code timeNs}. */
    public void record(long timeNs, Object node, TraceEvent event) {
        Line line = new Line(timeNs, String.valueOf(node), event);
        tail[(int) (recorded % TAIL_LINES_MAX)] = line;
        recorded++;
        if (full) {
            fullSink.accept(format(line));
        }
    }

    /** Writes a line that is not an event (a header), to the full sink only. */
    public void header(String text) {
        if (full) {
            fullSink.accept(text);
        }
    }

    /** The latest events, oldest first, formatted. */
    public List<String> tail() {
        int count = (int) Math.min(recorded, TAIL_LINES_MAX);
        List<String> lines = new ArrayList<>(count);
        for (long index = recorded - count; index < recorded; index++) {
            lines.add(format(tail[(int) (index % TAIL_LINES_MAX)]));
        }
        return lines;
    }

    private String format(Line line) {
        return String.format(
                Locale.ROOT, "%12.6f ms  %-8s %s", (line.timeNs() - startNs) / 1e6, line.node(), line.event().describe());
    }
}
