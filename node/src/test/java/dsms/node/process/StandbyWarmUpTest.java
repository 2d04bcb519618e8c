package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up a replica standing by runs: the same work every time, on markets of its own. */
class StandbyWarmUpTest {
    @Test
    void shouldRestoreAndExecuteTheSameWorkEveryTimeWithBothPathsAgreeing() {
        StandbyWarmUp.Report first = StandbyWarmUp.run();
        StandbyWarmUp.Report second = StandbyWarmUp.run();

        assertThat(first.holdings()).as("the populated market is restored, not an empty one").isGreaterThan(30_000);
        assertThat(first.restores()).isEqualTo(StandbyWarmUp.RESTORES);
        assertThat(first.operations()).isEqualTo(StandbyWarmUp.OPERATIONS);
        assertThat(first.pathsAgree()).as("typed execution and the service's byte path end in one state").isTrue();
        assertThat(second.holdings()).as("a fixed seed: the same work").isEqualTo(first.holdings());
        assertThat(second.pathsAgree()).isTrue();
    }
}
