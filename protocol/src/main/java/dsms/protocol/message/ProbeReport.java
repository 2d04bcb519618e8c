package dsms.protocol.message;

/**
 * Replica manager to the suspect's manager: what probing the suspect found after a crash
 * suspicion. The suspect's manager restarts it only when a majority of managers could not reach it.
 */
public record ProbeReport(int replicaIndex, Finding finding) implements Message {

    /** The ordinal travels on the wire, so only append. */
    public enum Finding {
        /** The replica answered a probe in time: slow perhaps, but alive. */
        REACHABLE,
        /** No probe was answered before the probe timeout. */
        UNREACHABLE
    }
}
