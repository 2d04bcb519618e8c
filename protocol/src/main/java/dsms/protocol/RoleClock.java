package dsms.protocol;

import dsms.core.Checks;

/**
 * A role's notion of now: the latest {@code nowNs} a driver passed in a tick.
 *
 * <p>Roles never read a clock, so "now" for a message is the time of the tick before it. A clock
 * that goes backwards is a driver bug, and fails loudly.
 */
public final class RoleClock {
    private long nowNs;
    private boolean ticked;

    /** Moves to {@code nowNs}; tells whether this was the first tick. */
    public Advance advance(long nowNs) {
        Checks.check(!ticked || nowNs >= this.nowNs, "ticks never go back in time: %d after %d", nowNs, this.nowNs);
        boolean first = !ticked;
        this.nowNs = nowNs;
        this.ticked = true;
        return first ? Advance.FIRST_TICK : Advance.LATER_TICK;
    }

    /** The latest tick's time. Reading it before the first tick is a driver bug. */
    public long nowNs() {
        Checks.check(ticked, "a role is ticked before it is asked to do anything time-dependent");
        return nowNs;
    }

    /** Whether the role has been ticked at least once. */
    public boolean hasTicked() {
        return ticked;
    }

    public enum Advance {
        FIRST_TICK,
        LATER_TICK
    }
}
