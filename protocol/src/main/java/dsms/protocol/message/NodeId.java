package dsms.protocol.message;

import dsms.core.Checks;

/**
 * The identity of one process in the cluster: its role and its index within that role.
 *
 * <p>The protocol only knows node identities; the transport maps them to socket addresses from
 * the cluster config. Replicas and their managers share an index and are named A, B, C...
 */
public record NodeId(Role role, int index) implements Comparable<NodeId> {
    /** The largest index a role can have; indexes travel as one byte. */
    public static final int INDEX_MAX = 25;

    public NodeId {
        Checks.check(role != null, "a node has a role");
        Checks.check(index >= 0 && index <= INDEX_MAX, "node index %d is within 0..%d", index, INDEX_MAX);
    }

    /**
     * Every node ID, made once: decoding a datagram names a node in every ordered entry, and a
     * replica keeps tens of thousands of entries for its peers, each of which would otherwise hold
     * its own copy of the same few IDs for the young collections to copy.
     */
    private static final NodeId[][] CANONICAL = canonical();

    /** The one shared instance of a node ID. */
    public static NodeId of(Role role, int index) {
        Checks.check(role != null, "a node has a role");
        Checks.check(index >= 0 && index <= INDEX_MAX, "node index %d is within 0..%d", index, INDEX_MAX);
        return CANONICAL[role.ordinal()][index];
    }

    public static NodeId frontEnd(int index) {
        return of(Role.FRONT_END, index);
    }

    public static NodeId sequencer(int index) {
        return of(Role.SEQUENCER, index);
    }

    public static NodeId replica(int index) {
        return of(Role.REPLICA, index);
    }

    public static NodeId replicaManager(int index) {
        return of(Role.REPLICA_MANAGER, index);
    }

    private static NodeId[][] canonical() {
        Role[] roles = Role.values();
        NodeId[][] canonical = new NodeId[roles.length][INDEX_MAX + 1];
        for (Role role : roles) {
            for (int index = 0; index <= INDEX_MAX; index++) {
                canonical[role.ordinal()][index] = new NodeId(role, index);
            }
        }
        return canonical;
    }

    /** The replica's letter (A for index 0), as operators and the CLI name replicas. */
    public static String replicaName(int index) {
        return String.valueOf((char) ('A' + index));
    }

    // Written out rather than generated: node IDs key the maps of every hot path, and the
    // generated record methods stayed several times slower there in profiles. The hash is also
    // the same in every JVM, unlike an enum's identity hash.
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof NodeId node && node.index == index && node.role == role;
    }

    @Override
    public int hashCode() {
        return role.ordinal() * (INDEX_MAX + 1) + index;
    }

    @Override
    public int compareTo(NodeId other) {
        int byRole = role.compareTo(other.role);
        return byRole != 0 ? byRole : Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        return switch (role) {
            case FRONT_END -> "FE" + index;
            case SEQUENCER -> "SEQ" + index;
            case REPLICA -> "R" + replicaName(index);
            case REPLICA_MANAGER -> "RM" + replicaName(index);
        };
    }

    /** The roles of the processes; the ordinal travels on the wire, so only append. */
    public enum Role {
        FRONT_END,
        SEQUENCER,
        REPLICA,
        REPLICA_MANAGER
    }
}
