package dsms.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dashboard's last-second figures count every operation of a batch, recorded at once. */
class RecentTrafficTest {
    private static final long MILLISECOND_NS = 1_000_000L;

    @Test
    void shouldCountARunOfAlikeOperationsAsThatManyRequests() {
        AtomicLong nowNs = new AtomicLong();
        RecentTraffic traffic = new RecentTraffic(nowNs::get);

        traffic.finished("purchaseShare", "OK", 2 * MILLISECOND_NS, 99);
        traffic.finished("getShares", "OK", 40 * MILLISECOND_NS);
        nowNs.addAndGet(250 * MILLISECOND_NS);
        traffic.roll();

        RecentTraffic.Window window = traffic.latest();
        // 99 of the 100 took 2 ms, so the 99th percentile is 2 ms; counted once, it would be 40.
        assertThat(window.latencyMsP99()).isBetween(1.9, 2.1);
        assertThat(window.latencyMsMax()).isBetween(39.5, 40.5);
        // 100 requests in a slice of 250 ms; counted once, the run would make it 8 a second.
        assertThat(window.requestsPerSecond()).isEqualTo(400.0);
    }

    @Test
    void shouldRateOverTheLastSlicesOnly() {
        AtomicLong nowNs = new AtomicLong();
        RecentTraffic traffic = new RecentTraffic(nowNs::get);

        traffic.finished("getShares", "OK", MILLISECOND_NS, 1_000);
        for (int slice = 0; slice <= RecentTraffic.SLICES; slice++) {
            nowNs.addAndGet(250 * MILLISECOND_NS);
            traffic.roll();
        }

        // The slice with the 1,000 requests has left the window: nothing was answered since.
        assertThat(traffic.latest().requestsPerSecond()).isZero();
    }
}
