package dsms.simulation.fault;

import dsms.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The fault model's limit: at most {@code f} replicas faulty at any one time.
 *
 * <p>A replica is faulty while it is crashed (for good: nothing restarts it yet), paused, cut off
 * from anyone, or returning wrong results (for good: its table of stored results stays wrong until
 * a replica manager replaces it). So in byzantine mode a wrong-result replica is the one fault of
 * a cluster of 3 or 4, as the fault model requires. Faults of links that touch no replica (front
 * end to sequencer) are not replica faults and are not counted.
 *
 * <p>The planner asks {@link #admits} before adding a faulty interval; the intervals are few (a
 * plan holds tens of faults), so a direct scan is enough.
 */
public final class FaultBudget {
    /** A faulty interval that never ends: crashes and wrong results. */
    public static final long FOREVER_NS = Long.MAX_VALUE;

    private final int faultsTolerated;
    private final List<Interval> intervals = new ArrayList<>();

    public FaultBudget(int faultsTolerated) {
        Checks.check(faultsTolerated >= 0, "f %d is not negative", faultsTolerated);
        this.faultsTolerated = faultsTolerated;
    }

    private record Interval(int replica, long startNs, long endNs) {
        boolean covers(long timeNs) {
            return startNs <= timeNs && timeNs < endNs;
        }
    }

    /** Whether the replica may be faulty during {@code [startNs, endNs)} without exceeding f. */
    public boolean admits(int replica, long startNs, long endNs) {
        Checks.check(startNs < endNs, "a faulty interval is not empty: %d..%d", startNs, endNs);
        // The count of faulty replicas only rises at an interval's start, so checking the starts
        // inside the new interval, and its own start, covers every instant.
        List<Long> instants = new ArrayList<>();
        instants.add(startNs);
        for (Interval interval : intervals) {
            if (interval.startNs() > startNs && interval.startNs() < endNs) {
                instants.add(interval.startNs());
            }
        }
        for (long instant : instants) {
            TreeSet<Integer> faulty = faultyAt(instant);
            faulty.add(replica);
            if (faulty.size() > faultsTolerated) {
                return false;
            }
        }
        return true;
    }

    /** Records the interval; it must be admitted. */
    public void take(int replica, long startNs, long endNs) {
        Checks.check(admits(replica, startNs, endNs), "replica %d may be faulty in %d..%d", replica, startNs, endNs);
        intervals.add(new Interval(replica, startNs, endNs));
    }

    private TreeSet<Integer> faultyAt(long timeNs) {
        TreeSet<Integer> faulty = new TreeSet<>();
        for (Interval interval : intervals) {
            if (interval.covers(timeNs)) {
                faulty.add(interval.replica());
            }
        }
        return faulty;
    }
}
