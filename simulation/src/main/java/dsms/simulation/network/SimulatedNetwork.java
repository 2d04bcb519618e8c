package dsms.simulation.network;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A seeded, lossy network between simulated nodes: every datagram may be lost, duplicated,
 * delayed (and so reordered) or corrupted, and links may be cut by partitions. Every decision
 * comes from the one seeded random source, so a run replays exactly from its seed.
 */
public final class SimulatedNetwork {
    private final SplittableRandom random;
    private final Set<String> cutLinks = new TreeSet<>();
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

        @Override
        public String toString() {
            return "sent=" + sent + " lost=" + lost + " duplicated=" + duplicated + " corrupted=" + corrupted
                    + " cut=" + cut;
        }
    }

    /** One datagram arriving at a node. */
    public record Delivery(NodeId from, NodeId to, byte[] datagram) {}

    /** Where the network puts deliveries: the simulator's event queue. */
    @FunctionalInterface
    public interface DeliverySink {
        void deliverAt(long timeNs, Delivery delivery);
    }

    public Counters counters() {
        return counters;
    }

    public void setFaults(NetworkFaults faults) {
        this.faults = faults;
    }

    /** Cuts the link in both directions until {@link #heal(NodeId, NodeId)}. */
    public void cut(NodeId first, NodeId second) {
        cutLinks.add(key(first, second));
        cutLinks.add(key(second, first));
    }

    public void heal(NodeId first, NodeId second) {
        cutLinks.remove(key(first, second));
        cutLinks.remove(key(second, first));
    }

    public void healAll() {
        cutLinks.clear();
    }

    /** Sends one datagram: decides its fate now and schedules its deliveries, if any. */
    public void send(long nowNs, NodeId from, NodeId to, byte[] datagram, DeliverySink sink) {
        Checks.check(!from.equals(to), "a node does not send datagrams to itself");
        counters.sent++;
        if (cutLinks.contains(key(from, to))) {
            counters.cut++;
            return;
        }
        if (random.nextDouble() < faults.lossProbability()) {
            counters.lost++;
            return;
        }
        int copies = random.nextDouble() < faults.duplicateProbability() ? 2 : 1;
        if (copies == 2) {
            counters.duplicated++;
        }
        for (int copy = 0; copy < copies; copy++) {
            byte[] bytes = datagram;
            if (random.nextDouble() < faults.corruptProbability() && datagram.length > 0) {
                bytes = datagram.clone();
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                counters.corrupted++;
            }
            sink.deliverAt(nowNs + delayNs(), new Delivery(from, to, bytes));
        }
    }

    private long delayNs() {
        long spread = faults.delayNsMax() - faults.delayNsMin();
        return faults.delayNsMin() + (spread == 0 ? 0 : random.nextLong(spread + 1));
    }

    private static String key(NodeId from, NodeId to) {
        return from + ">" + to;
    }
}
