package dsms.bench;

import dsms.protocol.RequestIndex;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request index as the replicas' exactly-once table and the sequencer's recent requests use
 * it: a sliding window of the default 65,536 requests, where the oldest is removed and each new
 * request looked up (absent) and indexed. Two kinds of request IDs: a front end's (one
 * client ID, consecutive counters, which is what the cluster carries) and idempotency keys' (a
 * random client ID each, counter 0, the index's worst case for memory).
 *
 * <p>One process on a warm cache: in the cluster eight processes share the two cores' caches, so
 * a lookup that misses the cache here costs more there.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestIndexBenchmark {
    private static final int WINDOW_REQUESTS = 65_536;

    @State(Scope.Benchmark)
    public static class Window {
        @Param({"frontEnd", "idempotencyKeys"})
        public String requestIds;

        RequestIndex index;
        long[] clientIds;
        long[] counters;
        int oldest;
        long nextCounter;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void fill() {
            index = new RequestIndex(1 << 10, RequestIndex.slotsFor(WINDOW_REQUESTS));
            clientIds = new long[WINDOW_REQUESTS];
            counters = new long[WINDOW_REQUESTS];
            random = new SplittableRandom(20261124);
            for (int position = 0; position < WINDOW_REQUESTS; position++) {
                nextRequest(position);
                index.put(clientIds[position], counters[position], position);
            }
        }

        /** Writes the next request ID into ring position {@code position}. */
        void nextRequest(int position) {
            if (requestIds.equals("frontEnd")) {
                clientIds[position] = 7;
                counters[position] = nextCounter++;
            } else {
                clientIds[position] = random.nextLong();
                counters[position] = 0;
            }
        }
    }

    /** One request through the window: the oldest removed, the new one looked up and indexed in its place. */
    @Benchmark
    public long lookUpIndexAndForgetTheOldest(Window window) {
        int position = window.oldest;
        long removed = window.index.remove(window.clientIds[position], window.counters[position]);
        window.nextRequest(position);
        long found = window.index.get(window.clientIds[position], window.counters[position]);
        window.index.put(window.clientIds[position], window.counters[position], position);
        window.oldest = position + 1 == WINDOW_REQUESTS ? 0 : position + 1;
        return removed + found;
    }
}
