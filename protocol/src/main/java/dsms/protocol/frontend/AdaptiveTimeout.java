package dsms.protocol.frontend;

import dsms.core.Checks;

/**
 * The result timeout: twice the slowest of the last {@code samplesMax} result latencies, clamped
 * to {@code [minNs, maxNs]}; {@code initialNs} before the first sample.
 *
 * <p>Twice the slowest, rather than an average, because a timeout that fires on a slow but healthy
 * replica produces false crash suspicions, while a late one only delays fault detection: clients
 * are answered as soon as enough results agree, whatever the timeout.
 */
final class AdaptiveTimeout {
    private final long[] samplesNs;
    private final long initialNs;
    private final long minNs;
    private final long maxNs;
    private int sampleCount;
    private int nextSlot;

    AdaptiveTimeout(int samplesMax, long initialNs, long minNs, long maxNs) {
        Checks.check(samplesMax >= 1, "latency window %d is positive", samplesMax);
        Checks.check(minNs <= initialNs && initialNs <= maxNs, "timeouts are ordered: %d %d %d", minNs, initialNs, maxNs);
        this.samplesNs = new long[samplesMax];
        this.initialNs = initialNs;
        this.minNs = minNs;
        this.maxNs = maxNs;
    }

    void record(long latencyNs) {
        samplesNs[nextSlot] = Math.max(0, latencyNs);
        nextSlot = (nextSlot + 1) % samplesNs.length;
        sampleCount = Math.min(sampleCount + 1, samplesNs.length);
    }

    long timeoutNs() {
        if (sampleCount == 0) {
            return initialNs;
        }
        long slowestNs = 0;
        for (int slot = 0; slot < sampleCount; slot++) {
            slowestNs = Math.max(slowestNs, samplesNs[slot]);
        }
        // Saturates instead of overflowing for absurd samples; the clamp bounds it anyway.
        long doubledNs = slowestNs > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * slowestNs;
        return Math.min(maxNs, Math.max(minNs, doubledNs));
    }
}
