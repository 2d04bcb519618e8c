package dsms.simulation.network;

import dsms.core.Checks;
import java.util.PriorityQueue;

/**
 * The simulator's agenda: events ordered by simulated time, ties broken by the order in which they
 * were scheduled, so a run is a pure function of its seed.
 *
 * @param <E> the kind of event
 */
public final class EventQueue<E> {
    private final PriorityQueue<Scheduled<E>> events = new PriorityQueue<>();
    private final int eventsMax;
    private long scheduledCount;
    private long nowNs;

    /** @param eventsMax a bound that a runaway protocol (a retransmission storm) trips loudly */
    public EventQueue(long startNs, int eventsMax) {
        this.nowNs = startNs;
        this.eventsMax = eventsMax;
    }

    /** An event and when it happens. */
    public record Scheduled<E>(long timeNs, long order, E event) implements Comparable<Scheduled<E>> {
        @Override
        public int compareTo(Scheduled<E> other) {
            int byTime = Long.compare(timeNs, other.timeNs);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    public long nowNs() {
        return nowNs;
    }

    public void schedule(long timeNs, E event) {
        Checks.check(timeNs >= nowNs, "events are not scheduled in the past (%d < %d)", timeNs, nowNs);
        Checks.check(events.size() < eventsMax, "the simulation holds at most %d pending events", eventsMax);
        events.add(new Scheduled<>(timeNs, scheduledCount++, event));
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public int size() {
        return events.size();
    }

    /** The time of the next event; only valid when the queue is not empty. */
    public long peekTimeNs() {
        return events.element().timeNs();
    }

    /** Removes the next event and advances simulated time to it. */
    public E next() {
        Scheduled<E> next = events.remove();
        nowNs = next.timeNs();
        return next.event();
    }
}
