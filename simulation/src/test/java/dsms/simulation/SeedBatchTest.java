package dsms.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.FailureMode;
import dsms.simulation.fault.FaultProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI batch: hundreds of seeds across every fault profile, both failure modes and 3 and 4
 * replicas, all passing. Seeds run in parallel (each run is single-threaded and independent); a
 * failure prints its report, seed and replay command first.
 */
class SeedBatchTest {
    private static final long FIRST_SEED = 1;
    private static final int SEED_COUNT = 600;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldPassEverySeedAcrossEveryFaultKind() throws Exception {
        List<SimulationResult> results = runAll();

        List<String> failures = new ArrayList<>();
        for (SimulationResult result : results) {
            if (result instanceof SimulationResult.Failed failed) {
                System.out.println(failed.report());
                failures.add("seed " + failed.seed() + " " + failed.check());
            }
        }
        assertThat(failures).as("failing seeds").isEmpty();
        assertThat(profilesDrawn()).containsAll(drawableProfiles());
        System.out.println(SEED_COUNT + " seeds passed");
    }

    private static List<SimulationResult> runAll() throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SimulationResult>> futures = new ArrayList<>();
            for (long seed = FIRST_SEED; seed < FIRST_SEED + SEED_COUNT; seed++) {
                long runSeed = seed;
                futures.add(pool.submit(() -> SimulationRunner.run(runSeed, SimulationOptions.defaults())));
            }
            List<SimulationResult> results = new ArrayList<>();
            for (Future<SimulationResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Which profiles, modes and replica counts the batch's seeds draw: every kind is covered. */
    private static Set<String> profilesDrawn() {
        Set<String> drawn = new TreeSet<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEED_COUNT; seed++) {
            Scenario scenario = Scenario.draw(seed, SimulationOptions.defaults(), new SplittableRandom(seed));
            drawn.add(scenario.profile().name());
            drawn.add(scenario.shape().failureMode().name());
            drawn.add("n=" + scenario.shape().replicaCount());
        }
        return drawn;
    }

    private static List<String> drawableProfiles() {
        List<String> expected = new ArrayList<>();
        EnumSet.allOf(FaultProfile.class).stream().filter(FaultProfile::isDrawable).forEach(profile -> expected.add(profile.name()));
        Arrays.stream(FailureMode.values()).forEach(mode -> expected.add(mode.name()));
        expected.addAll(List.of("n=3", "n=4"));
        return expected;
    }
}
