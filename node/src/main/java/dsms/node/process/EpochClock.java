package dsms.node.process;

/**
 * Nanoseconds since the Unix epoch that never go backwards: the wall clock read once at start,
 * advanced by the monotonic clock. The sequencer's timestamps (the market's only "now") come from
 * it, and every role's timers run on it, so a wall-clock step cannot fire or stall a timer.
 */
public final class EpochClock {
    private final long offsetNs;

    public EpochClock() {
        this.offsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    }

    public long nowNs() {
        return offsetNs + System.nanoTime();
    }
}
