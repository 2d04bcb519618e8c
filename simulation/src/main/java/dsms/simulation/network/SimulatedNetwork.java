package dsms.simulation.network;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded, lossy network between simulated nodes: every datagram may be lost, duplicated,
 * delayed (and so reordered) or corrupted, and links may be cut by partitions. Every decision
 * comes from the one seeded random source, so a run replays exactly from its seed.
 *
 * <p>The network has one weather for every link, which a link may override in one direction (so
 * that a test can make only replica-to-front-end datagrams get lost, say). A cut link drops
 * everything until healed, whatever its weather.
 */
public final class SimulatedNetwork {
    private final SplittableRandom random;
    private final Set<Link> cutLinks = new TreeSet<>();
    private final Map<Link, NetworkFaults> linkWeather = new TreeMap<>();
    /** The latest arrival time scheduled on each link, to count datagrams that overtake others. */
    private final Map<Link, Long> latestArrivalNs = new TreeMap<>();
    private final Counters counters = new Counters();
    private NetworkFaults faults;

    public SimulatedNetwork(SplittableRandom random, NetworkFaults faults) {
        this.random = random;
        this.faults = faults;
    }

    /** What happened to datagrams so far, for traces and for tests of the network itself. */
    public static final class Counters {
        public long sent;
        public long lost;
        public long duplicated;
        public long corrupted;
        public long cut;
        /** Datagram copies that arrive before one sent earlier on the same link. */
        public long reordered;

        @Override
        public String toString() {
            return "sent=" + sent + " lost=" + lost + " duplicated=" + duplicated + " corrupted=" + corrupted
                    + " cut=" + cut + " reordered=" + reordered;
        }
    }

    /** One datagram arriving at a node. */
    public record Delivery(NodeId from, NodeId to, byte[] datagram) {}

    /** Where the network puts deliveries: the simulator's event queue. */
    @FunctionalInterface
    public interface DeliverySink {
        void deliverAt(long timeNs, Delivery delivery);
    }

    /** What the network decided for one sent datagram; corruption shows only at the receiver. */
    public enum Fate {
        DELIVERED,
        DUPLICATED,
        LOST,
        CUT
    }

    public Counters counters() {
        return counters;
    }

    public void setFaults(NetworkFaults faults) {
        this.faults = faults;
    }

    /** Gives one direction of one link its own weather, until {@link #clearLinkFaults()}. */
    public void setLinkFaults(Link link, NetworkFaults linkFaults) {
        linkWeather.put(link, linkFaults);
    }

    /** Every link follows the network's weather again. */
    public void clearLinkFaults() {
        linkWeather.clear();
    }

    /** Cuts the link in both directions until {@link #heal(NodeId, NodeId)}. */
    public void cut(NodeId first, NodeId second) {
        cutLinks.add(new Link(first, second));
        cutLinks.add(new Link(second, first));
    }

    /** Cuts one direction only: {@code from} can no longer reach {@code to}, the reverse still works. */
    public void cutOneWay(Link link) {
        cutLinks.add(link);
    }

    public void heal(NodeId first, NodeId second) {
        cutLinks.remove(new Link(first, second));
        cutLinks.remove(new Link(second, first));
    }

    /** Heals one direction only. */
    public void healOneWay(Link link) {
        cutLinks.remove(link);
    }

    public void healAll() {
        cutLinks.clear();
    }

    public boolean isCut(Link link) {
        return cutLinks.contains(link);
    }

    /** Sends one datagram: decides its fate now and schedules its deliveries, if any. */
    public Fate send(long nowNs, NodeId from, NodeId to, byte[] datagram, DeliverySink sink) {
        Checks.check(!from.equals(to), "a node does not send datagrams to itself");
        counters.sent++;
        Link link = new Link(from, to);
        if (cutLinks.contains(link)) {
            counters.cut++;
            return Fate.CUT;
        }
        NetworkFaults weather = linkWeather.getOrDefault(link, faults);
        if (random.nextDouble() < weather.lossProbability()) {
            counters.lost++;
            return Fate.LOST;
        }
        int copies = random.nextDouble() < weather.duplicateProbability() ? 2 : 1;
        if (copies == 2) {
            counters.duplicated++;
        }
        for (int copy = 0; copy < copies; copy++) {
            byte[] bytes = datagram;
            if (random.nextDouble() < weather.corruptProbability() && datagram.length > 0) {
                bytes = datagram.clone();
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                counters.corrupted++;
            }
            long arrivalNs = nowNs + delayNs(weather);
            countOvertaking(link, arrivalNs);
            sink.deliverAt(arrivalNs, new Delivery(from, to, bytes));
        }
        return copies == 2 ? Fate.DUPLICATED : Fate.DELIVERED;
    }

    private void countOvertaking(Link link, long arrivalNs) {
        Long latestNs = latestArrivalNs.get(link);
        if (latestNs != null && arrivalNs < latestNs) {
            counters.reordered++;
        } else {
            latestArrivalNs.put(link, arrivalNs);
        }
    }

    private long delayNs(NetworkFaults weather) {
        long spread = weather.delayNsMax() - weather.delayNsMin();
        return weather.delayNsMin() + (spread == 0 ? 0 : random.nextLong(spread + 1));
    }
}
