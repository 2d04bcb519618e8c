package dsms.simulation.network;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;

/** One direction between two nodes: datagrams from {@code from} to {@code to}. */
public record Link(NodeId from, NodeId to) implements Comparable<Link> {
    public Link {
        Checks.check(from != null && to != null, "a link has two ends");
        Checks.check(!from.equals(to), "a link joins two different nodes, not %s to itself", from);
    }

    @Override
    public int compareTo(Link other) {
        int byFrom = from.compareTo(other.from);
        return byFrom != 0 ? byFrom : to.compareTo(other.to);
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
