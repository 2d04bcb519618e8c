package dsms.protocol.message;

/**
 * Replica manager to front end, a few times a second: what the manager knows of its replica, for
 * the operators' view of the cluster ({@code dsms status}, the dashboard).
 *
 * @param replicaIndex the managed replica
 * @param status what the manager's latest probes found, as the ordinal of the manager's observed
 *     status (unknown, up, recovering, down)
 * @param restarts how many times the replica's process was started again since the manager
 *     started
 * @param replacements how many times the replica was replaced (its state thrown away) since then
 */
public record ManagerReport(int replicaIndex, ObservedState status, int restarts, int replacements)
        implements Message {

    /** The replica's state as its manager last saw it. The ordinal travels on the wire: only append. */
    public enum ObservedState {
        UNKNOWN,
        UP,
        RECOVERING,
        DOWN
    }
}
