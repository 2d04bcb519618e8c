package dsms.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

    @Test
    void shouldKeepOnlyTheLatestEventsForFailureReports() {
        Trace trace = Trace.tailOnly(1_000);
        for (int index = 0; index < Trace.TAIL_LINES_MAX + 5; index++) {
            trace.record(1_000 + index * 1_000_000L, "FE0", new TraceEvent.Note("event " + index));
        }

        List<String> tail = trace.tail();
        assertThat(tail).hasSize(Trace.TAIL_LINES_MAX);
        assertThat(tail.get(0)).isEqualTo("    5.000000 ms  FE0      event 5");
        assertThat(tail.get(tail.size() - 1)).endsWith("event " + (Trace.TAIL_LINES_MAX + 4));
    }

    @Test
    void shouldHandEveryLineToAFullSinkAsItHappens() {
        List<String> lines = new ArrayList<>();
        Trace trace = Trace.full(0, lines::add);

        trace.header("seed 1");
        trace.record(2_500, "RA", new TraceEvent.Note("hello"));

        assertThat(lines).containsExactly("seed 1", "    0.002500 ms  RA       hello");
    }
}
