package dsms.node.process;

import java.nio.file.Path;

/**
 * Where operator fault injection is switched, per replica: a flag file in the replica's data
 * directory that {@code dsms fault byzantine} creates and {@code dsms fault heal} removes. The
 * replica process looks for it a few times a second, only when the config allows fault injection.
 */
public final class FaultFlags {
    static final long CHECK_INTERVAL_NS = 200_000_000L;

    private FaultFlags() {}

    public static Path byzantineFlag(Path replicaDataDirectory) {
        return replicaDataDirectory.resolve("fault-byzantine");
    }

    /**
     * The marker a manager leaves in a replica's emptied data directory when it replaces the
     * replica: the replica then takes its state from peers, and removes the marker once it has.
     */
    public static Path replacedMarker(Path replicaDataDirectory) {
        return replicaDataDirectory.resolve("replaced");
    }

    /** The file where a replica's manager records the pid of the replica process it runs. */
    public static Path pidFile(Path replicaDataDirectory) {
        return replicaDataDirectory.resolve("replica.pid");
    }
}
