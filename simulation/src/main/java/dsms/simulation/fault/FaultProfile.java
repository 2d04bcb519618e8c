package dsms.simulation.fault;

import dsms.protocol.FailureMode;
import java.util.Locale;

/** The kinds of trouble a run is planned around; each seed picks one unless told. */
public enum FaultProfile {
    /** A perfect network and no faults: the baseline every other profile is compared with. */
    CALM,
    /** Datagrams lost, duplicated and corrupted at rates that change during the run. */
    LOSSY_NETWORK,
    /** Wide delay spreads and duplicates: datagrams overtake each other on every link. */
    REORDERING_NETWORK,
    /** Many datagrams with flipped bytes, which every receiver's HMAC check must drop. */
    CORRUPTING_NETWORK,
    /** Nodes cut off and links cut one way, for a while, over a mildly lossy network. */
    PARTITIONS,
    /** Replicas killed (at a random time or at a protocol moment) and never restarted. */
    CRASHES,
    /** Replicas paused with their memory intact, then resumed. */
    PAUSES,
    /** A replica returning wrong results (byzantine mode only). */
    WRONG_RESULTS,
    /**
     * Replicas crashed and brought back: from their disk, from a disk that lost its log's tail, or
     * empty (state transfer); with replica managers running, which restart what they find down.
     */
    RECOVERY,
    /**
     * Changing weather, partitions and pauses, then perhaps a crash, a wrong-result replica or a
     * recovery, with replica managers running.
     */
    CHAOS,
    /** A plan a test wrote itself; never drawn for a seed. */
    SCRIPTED;

    /**
     * Whether the run has a replica manager per replica whose restarts and replacements are carried
     * out. The profiles that only crash keep crashed replicas down, so that the cluster is seen
     * running on its remaining replicas for the whole run.
     */
    public boolean runsReplicaManagers() {
        return this == RECOVERY || this == CHAOS;
    }

    /** Whether a seed may draw this profile. */
    public boolean isDrawable() {
        return this != SCRIPTED;
    }

    /** Whether a run in {@code mode} may use this profile: wrong results need byzantine voting. */
    public boolean allows(FailureMode mode) {
        return this != WRONG_RESULTS || mode == FailureMode.BYZANTINE;
    }

    /**
     * Whether the profile harms only the network, never a replica: then the sequencer may run
     * with a small retransmission buffer, since no replica falls far behind for long.
     */
    public boolean harmsOnlyTheNetwork() {
        return this == CALM || this == LOSSY_NETWORK || this == REORDERING_NETWORK || this == CORRUPTING_NETWORK;
    }

    /** The name on the command line: lower case, dashes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultProfile ofCliName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
