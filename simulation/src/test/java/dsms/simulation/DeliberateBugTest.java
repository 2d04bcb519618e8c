package dsms.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.simulation.breakage.DeliberateBug;
import dsms.simulation.check.Check;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proof that the simulator catches protocol bugs: each deliberate bug, run over seeds from 1,
 * fails a run within a bounded number of seeds, with the check that names it and a printed seed.
 */
class DeliberateBugTest {
    /** Every bug below is caught within its first few seeds; this leaves a wide margin. */
    private static final int SEEDS_MAX = 60;

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource({
        "NO_DEDUP_TABLE, EXACTLY_ONCE",
        "OUT_OF_ORDER_DELIVERY, TOTAL_ORDER",
        "BYZANTINE_VOTE_ON_ONE_RESULT, AGREED_ANSWER",
        "NACKS_IGNORED, LIVENESS"
    })
    void shouldFailWithAPrintedSeed(DeliberateBug bug, Check expected) {
        SimulationOptions options = SimulationOptions.defaults().withDeliberateBug(bug);

        Optional<SimulationResult.Failed> failure = firstFailure(options);

        assertThat(failure).as("a failing seed among 1..%d", SEEDS_MAX).isPresent();
        SimulationResult.Failed failed = failure.get();
        System.out.println(bug + " caught at seed " + failed.seed() + ":\n" + failed.report());
        assertThat(failed.check()).isEqualTo(expected);
        assertThat(failed.report())
                .startsWith("seed " + failed.seed() + " FAILED " + expected)
                .contains("replay: bin/dsms simulate --seed " + failed.seed() + " --trace --break " + bug.cliName());
    }

    private static Optional<SimulationResult.Failed> firstFailure(SimulationOptions options) {
        for (long seed = 1; seed <= SEEDS_MAX; seed++) {
            if (SimulationRunner.run(seed, options) instanceof SimulationResult.Failed failed) {
                return Optional.of(failed);
            }
        }
        return Optional.empty();
    }
}
