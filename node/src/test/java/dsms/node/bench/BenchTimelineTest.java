package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dsms.node.security.ApiKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The timeline: per-interval figures from interval histograms, and their JSON. */
class BenchTimelineTest {
    private static final String OK = "{\"ok\":true,\"code\":\"OK\",\"message\":\"done\",\"data\":{}}";
    private static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final long MILLISECOND_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private static Histogram histogram(long... valuesMs) {
        Histogram histogram = new Histogram(BenchLoop.LATENCY_NS_MAX, 3);
        for (long valueMs : valuesMs) {
            histogram.recordValue(valueMs * MILLISECOND_NS);
        }
        return histogram;
    }

    @Test
    void shouldGiveEachIntervalItsOwnRateErrorsAndPercentiles() {
        long startNs = 5_000_000_000L;
        Timeline timeline = new Timeline(startNs);
        long[] oneToHundredMs = new long[100];
        for (int index = 0; index < 100; index++) {
            oneToHundredMs[index] = index + 1;
        }

        Timeline.Interval first = timeline.close(startNs + 1_000_000_000L, 100, 0, histogram(oneToHundredMs));
        long[] fiveMs = new long[200];
        java.util.Arrays.fill(fiveMs, 5);
        // Counts are the run's totals so far: this interval adds 200 operations and 3 errors, in half a second.
        Timeline.Interval second = timeline.close(startNs + 1_500_000_000L, 300, 3, histogram(fiveMs));
        Timeline.Interval idle = timeline.close(startNs + 2_500_000_000L, 300, 3, histogram());

        assertThat(first.elapsedSeconds()).isEqualTo(1.0);
        assertThat(first.operations()).isEqualTo(100);
        assertThat(first.operationsPerSecond()).isEqualTo(100.0);
        assertThat(first.errors()).isZero();
        assertThat(first.p50Ms()).isCloseTo(50.0, within(0.1));
        assertThat(first.p99Ms()).isCloseTo(99.0, within(0.1));
        assertThat(first.maxMs()).isCloseTo(100.0, within(0.1));

        assertThat(second.elapsedSeconds()).isEqualTo(1.5);
        assertThat(second.seconds()).isEqualTo(0.5);
        assertThat(second.operations()).isEqualTo(200);
        assertThat(second.operationsPerSecond()).isEqualTo(400.0);
        assertThat(second.errors()).isEqualTo(3);
        assertThat(second.p50Ms()).isCloseTo(5.0, within(0.01));
        assertThat(second.p99Ms()).isCloseTo(5.0, within(0.01));
        assertThat(second.maxMs()).isCloseTo(5.0, within(0.01));

        assertThat(idle.operations()).isZero();
        assertThat(idle.errors()).isZero();
        assertThat(idle.p99Ms()).isZero();
        assertThat(idle.maxMs()).isZero();
        assertThat(timeline.intervals()).containsExactly(first, second, idle);
        assertThat(second.line()).contains("1.5 s", "400 ops/s", "errors     3", "p50     5.00", "max     5.00");
    }

    @Test
    void shouldWriteOneJsonObjectPerInterval() throws Exception {
        Timeline timeline = new Timeline(0);
        timeline.close(1_000_000_000L, 10, 1, histogram(2, 2, 4));
        timeline.close(2_000_000_000L, 30, 1, histogram(7));
        ArrayNode array = new ObjectMapper().createArrayNode();

        Timeline.writeJson(timeline.intervals(), array);

        JsonNode json = new ObjectMapper().readTree(array.toString());
        assertThat(json).hasSize(2);
        assertThat(iterableFieldNames(json.get(0))).containsExactly("elapsedSeconds", "operationsPerSecond", "operations",
                "errors", "p50Ms", "p99Ms", "maxMs");
        assertThat(json.get(0).path("elapsedSeconds").asDouble()).isEqualTo(1.0);
        assertThat(json.get(0).path("operationsPerSecond").asLong()).isEqualTo(10);
        assertThat(json.get(0).path("errors").asLong()).isEqualTo(1);
        assertThat(json.get(0).path("p50Ms").asDouble()).isCloseTo(2.0, within(0.01));
        assertThat(json.get(0).path("maxMs").asDouble()).isCloseTo(4.0, within(0.01));
        assertThat(json.get(1).path("operations").asLong()).isEqualTo(20);
        assertThat(json.get(1).path("errors").asLong()).isZero();
        assertThat(json.get(1).path("p99Ms").asDouble()).isCloseTo(7.0, within(0.01));
    }

    @Test
    void shouldRefuseToGrowPastItsBound() {
        Timeline timeline = new Timeline(0);
        for (int interval = 1; interval <= Timeline.INTERVALS_MAX; interval++) {
            timeline.close(interval, 0, 0, histogram());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> timeline.close(Timeline.INTERVALS_MAX + 1, 0, 0, histogram()))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * A whole run against a server that answers slowly for one second, from 0.75 s to 1.75 s of
     * the measured part (after a second of warm-up that takes the first connections' and the JIT's
     * delays): the timeline puts the slow answers in the interval from 1 s to 1.5 s (with a quarter
     * of a second to spare on either side for a busy machine), and its intervals add up to the
     * run's totals.
     */
    @Test
    void shouldShowASlowPeriodInItsIntervalAndAddUpToTheRun() throws Exception {
        AtomicLong firstRequestNs = new AtomicLong();
        long slowFromNs = TimeUnit.MILLISECONDS.toNanos(1750);
        long slowUntilNs = TimeUnit.MILLISECONDS.toNanos(2750);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            firstRequestNs.compareAndSet(0, System.nanoTime());
            long sinceStartNs = System.nanoTime() - firstRequestNs.get();
            if (sinceStartNs >= slowFromNs && sinceStartNs < slowUntilNs) {
                Thread.sleep(60);
            }
            out.write(ScriptedHttpServer.ok(OK));
        })) {
            List<String> progress = Collections.synchronizedList(new ArrayList<>());
            BenchRequests.Endpoint endpoint = BenchRequests.Endpoint.parse(server.url());
            // 16 clients at 200 operations/s: each sends every 80 ms, so a 60 ms answer never holds the next one back.
            BenchRun.Figures figures = new BenchRun(new BenchRun.Settings(endpoint, server.address(), new ApiKeys(SECRET), 16, 1,
                    1, BenchEncoding.JSON, 200, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), BenchWorkload.READ,
                    Duration.ofMillis(500), null, progress::add)).run();

            List<Timeline.Interval> intervals = figures.timeline();
            assertThat(intervals).hasSize(4);
            assertThat(progress).hasSize(4);
            assertThat(intervals.stream().mapToLong(Timeline.Interval::operations).sum()).isEqualTo(figures.operations());
            assertThat(figures.operations()).isBetween(390L, 400L);
            assertThat(figures.errors()).isZero();
            assertThat(intervals).allSatisfy(interval -> assertThat(interval.errors()).isZero());
            // The server's clock starts with the first request, at the warm-up's start give or take a few milliseconds.
            assertThat(intervals.get(2).p50Ms()).as("the slow interval of %s", intervals).isGreaterThanOrEqualTo(60.0);
            assertThat(intervals.get(0).p50Ms()).as("a fast interval of %s", intervals).isLessThan(60.0);
            assertThat(figures.crash()).isNull();
        }
    }

    private static List<String> iterableFieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
