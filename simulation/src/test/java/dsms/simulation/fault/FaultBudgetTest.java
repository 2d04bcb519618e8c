package dsms.simulation.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultBudgetTest {

    @Test
    void shouldAdmitOneFaultyReplicaAtATimeWhenOneFaultIsTolerated() {
        FaultBudget budget = new FaultBudget(1);
        budget.take(0, 0, 10);

        assertThat(budget.admits(1, 5, 15)).isFalse();
        assertThat(budget.admits(1, 10, 20)).as("right after the first interval ends").isTrue();
        assertThat(budget.admits(0, 5, 15)).as("the same replica again").isTrue();
        assertThat(budget.admits(2, -5, 1)).isFalse();
    }

    @Test
    void shouldBlockEveryOtherReplicaForeverAfterAPermanentFault() {
        FaultBudget budget = new FaultBudget(1);
        budget.take(2, 100, FaultBudget.FOREVER_NS);

        assertThat(budget.admits(0, 0, 100)).isTrue();
        assertThat(budget.admits(0, 50, 150)).isFalse();
        assertThat(budget.admits(1, 1_000_000, 1_000_001)).isFalse();
    }

    @Test
    void shouldAdmitTwoFaultyReplicasWhenTwoFaultsAreTolerated() {
        FaultBudget budget = new FaultBudget(2);
        budget.take(0, 0, 10);
        budget.take(1, 5, 15);

        assertThat(budget.admits(2, 7, 8)).isFalse();
        assertThat(budget.admits(2, 10, 12)).isTrue();
        assertThat(budget.admits(2, 0, 5)).isTrue();
    }
}
