package dsms.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.simulation.fault.FaultProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI batch of the recovery profile: replicas crashed and brought back from their disk, from a
 * disk that lost its log's tail, or empty, with replica managers running; every seed passes.
 * Seeds from their own range, so that they add to the main batch's rather than repeat them.
 */
class RecoverySeedBatchTest {
    private static final long FIRST_SEED = 100_001;
    /** About 20 s on one core; the timeout leaves room for a slow CI machine. */
    private static final int SEED_COUNT = 200;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldPassEverySeedOfTheRecoveryProfile() throws Exception {
        SimulationOptions options = SimulationOptions.defaults().withProfile(FaultProfile.RECOVERY);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> failures = new ArrayList<>();
        long restarts = 0;
        long checkpointsCompared = 0;
        try {
            List<Future<SimulationResult>> futures = new ArrayList<>();
            for (long seed = FIRST_SEED; seed < FIRST_SEED + SEED_COUNT; seed++) {
                long runSeed = seed;
                futures.add(pool.submit(() -> SimulationRunner.run(runSeed, options)));
            }
            for (Future<SimulationResult> future : futures) {
                SimulationResult result = future.get();
                restarts += result.stats().replicaRestarts();
                checkpointsCompared += result.stats().checkpointsCompared();
                if (result instanceof SimulationResult.Failed failed) {
                    System.out.println(failed.report());
                    failures.add("seed " + failed.seed() + " " + failed.check());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("failing seeds").isEmpty();
        // The profile really exercises recovery: replicas come back, and checkpoints are compared.
        assertThat(restarts).as("restarts and replacements").isGreaterThanOrEqualTo(SEED_COUNT);
        assertThat(checkpointsCompared).as("checkpoint digests compared").isGreaterThan(SEED_COUNT);
    }
}
