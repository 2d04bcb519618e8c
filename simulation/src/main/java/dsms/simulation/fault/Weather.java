package dsms.simulation.fault;

import dsms.simulation.network.NetworkFaults;
import java.util.Locale;
import java.util.SplittableRandom;

/** Network weathers for fault plans: how lossy, duplicating, slow and corrupting links are. */
public final class Weather {
    private static final long MICROSECOND_NS = 1_000L;
    private static final long MILLISECOND_NS = 1_000_000L;

    private Weather() {}

    /** Loses (up to 40%), duplicates and corrupts datagrams, with a little jitter. */
    public static NetworkFaults lossy(SplittableRandom random) {
        return new NetworkFaults(
                random.nextDouble(0.0, 0.40),
                random.nextDouble(0.0, 0.10),
                20 * MICROSECOND_NS,
                random.nextLong(50 * MICROSECOND_NS, 2 * MILLISECOND_NS),
                random.nextDouble(0.0, 0.03));
    }

    /**
     * Wide delay spreads, so datagrams overtake each other, with duplicates. The longest delays
     * exceed the protocol's timers (retransmission, nack, result timeout), so that stale and
     * very late messages arrive after the protocol moved on.
     */
    public static NetworkFaults reordering(SplittableRandom random) {
        return new NetworkFaults(
                random.nextDouble(0.0, 0.02),
                random.nextDouble(0.0, 0.30),
                10 * MICROSECOND_NS,
                random.nextLong(2 * MILLISECOND_NS, 200 * MILLISECOND_NS),
                0);
    }

    /** Flips bytes in flight often: the receivers' HMAC checks must catch every one. */
    public static NetworkFaults corrupting(SplittableRandom random) {
        return new NetworkFaults(
                0, random.nextDouble(0.0, 0.05), 20 * MICROSECOND_NS, MILLISECOND_NS, random.nextDouble(0.05, 0.30));
    }

    /** Some loss and reordering, as background to replica faults and partitions. */
    public static NetworkFaults mild(SplittableRandom random) {
        return new NetworkFaults(
                random.nextDouble(0.0, 0.05),
                random.nextDouble(0.0, 0.03),
                20 * MICROSECOND_NS,
                random.nextLong(50 * MICROSECOND_NS, 5 * MILLISECOND_NS),
                random.nextDouble(0.0, 0.01));
    }

    public static String describe(NetworkFaults weather) {
        return String.format(
                Locale.ROOT,
                "loss=%.3f duplicate=%.3f delay=%d..%dus corrupt=%.3f",
                weather.lossProbability(),
                weather.duplicateProbability(),
                weather.delayNsMin() / MICROSECOND_NS,
                weather.delayNsMax() / MICROSECOND_NS,
                weather.corruptProbability());
    }
}
