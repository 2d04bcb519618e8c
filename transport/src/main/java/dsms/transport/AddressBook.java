package dsms.transport;

import dsms.protocol.message.NodeId;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

/** Where every node of the cluster listens, as the cluster config says. */
public final class AddressBook {
    private final Map<NodeId, InetSocketAddress> addresses;

    public AddressBook(Map<NodeId, InetSocketAddress> addresses) {
        this.addresses = new TreeMap<>(addresses);
    }

    /** The node's address, or null when the cluster has no such node. */
    public InetSocketAddress addressOf(NodeId node) {
        return addresses.get(node);
    }

    public Map<NodeId, InetSocketAddress> all() {
        return java.util.Collections.unmodifiableMap(addresses);
    }
}
