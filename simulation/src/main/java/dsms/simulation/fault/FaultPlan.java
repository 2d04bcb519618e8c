package dsms.simulation.fault;

import dsms.core.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The faults of one run and when they happen, in time order, ending with {@link
 * Fault.HealEverything} at {@code healAtNs}, after which the run checks liveness.
 *
 * @param faults every fault with its time since the start of the run, in time order
 * @param healAtNs when the faulty phase ends, since the start of the run
 */
public record FaultPlan(List<ScheduledFault> faults, long healAtNs) {

    /** One fault and when it happens, since the start of the run. */
    public record ScheduledFault(long afterNs, Fault fault) {
        public ScheduledFault {
            Checks.check(afterNs >= 0, "a fault happens after the start, not %d ns before", -afterNs);
        }
    }

    public FaultPlan {
        List<ScheduledFault> sorted = new ArrayList<>(faults);
        // A stable sort keeps the planner's order for faults due at the same time.
        sorted.sort(Comparator.comparingLong(ScheduledFault::afterNs));
        Checks.check(
                !sorted.isEmpty() && sorted.get(sorted.size() - 1).fault() instanceof Fault.HealEverything,
                "a fault plan ends by healing everything");
        Checks.check(sorted.get(sorted.size() - 1).afterNs() == healAtNs, "the plan heals at healAtNs");
        faults = List.copyOf(sorted);
    }

    /** The given faults, then everything healed at {@code healAtNs}. */
    public static FaultPlan healingAt(long healAtNs, List<ScheduledFault> faults) {
        List<ScheduledFault> all = new ArrayList<>(faults);
        all.add(new ScheduledFault(healAtNs, new Fault.HealEverything()));
        return new FaultPlan(all, healAtNs);
    }

    /** One line per fault, for failure reports and the trace header. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(faults.size());
        for (ScheduledFault scheduled : faults) {
            lines.add(String.format(java.util.Locale.ROOT, "%10.3f ms  %s", scheduled.afterNs() / 1e6, scheduled.fault().describe()));
        }
        return lines;
    }
}
