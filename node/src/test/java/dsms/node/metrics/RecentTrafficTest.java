package dsms.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard's last-second figures count every operation of a batch, recorded at once. */
class RecentTrafficTest {
    @Test
    void shouldCountARunOfAlikeOperationsAsThatManyRequests() throws Exception {
        RecentTraffic traffic = new RecentTraffic();
        traffic.roll();

        traffic.finished("purchaseShare", "OK", 2_000_000L, 99);
        traffic.finished("getShares", "OK", 40_000_000L);
        Thread.sleep(20);
        traffic.roll();

        RecentTraffic.Window window = traffic.latest();
        // 99 of the 100 took 2 ms, so the 99th percentile is 2 ms; counted once, it would be 40.
        assertThat(window.latencyMsP99()).isBetween(1.9, 2.1);
        assertThat(window.latencyMsMax()).isBetween(39.5, 40.5);
        assertThat(window.requestsPerSecond()).isPositive();
    }
}
