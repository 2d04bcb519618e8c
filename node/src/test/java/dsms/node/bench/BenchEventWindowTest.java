package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which operations belong to a fault's event window. */
class BenchEventWindowTest {
    private static final long KILL_NS = 10_000_000_000L;
    private static final long BACK_NS = 12_000_000_000L;

    @Test
    void shouldHoldNothingBeforeTheKill() {
        EventWindow window = new EventWindow();

        assertThat(window.started()).isFalse();
        assertThat(window.overlaps(0, Long.MAX_VALUE - 1)).isFalse();
    }

    @Test
    void shouldHoldEveryOperationThatOverlapsTheKillUntilTheReplicaIsBack() {
        EventWindow window = new EventWindow();
        window.start(KILL_NS);

        assertThat(window.overlaps(KILL_NS - 500, KILL_NS - 1)).as("done before the kill").isFalse();
        assertThat(window.overlaps(KILL_NS - 500, KILL_NS + 1)).as("in flight at the kill").isTrue();
        assertThat(window.overlaps(KILL_NS + 5_000_000_000L, KILL_NS + 5_000_000_001L))
                .as("any time after the kill while the replica is not back").isTrue();
        assertThat(window.ended()).isFalse();
    }

    @Test
    void shouldEndOneSecondAfterTheReplicaIsBack() {
        EventWindow window = new EventWindow();
        window.start(KILL_NS);
        window.end(BACK_NS);

        assertThat(window.ended()).isTrue();
        assertThat(window.endNs()).isEqualTo(BACK_NS + EventWindow.AFTERMATH_NS);
        assertThat(window.overlaps(BACK_NS + 999_000_000L, BACK_NS + 1_500_000_000L))
                .as("sent in the aftermath, answered after it").isTrue();
        assertThat(window.overlaps(BACK_NS + EventWindow.AFTERMATH_NS, BACK_NS + 1_100_000_000L))
                .as("sent once the event was over").isFalse();
    }
}
