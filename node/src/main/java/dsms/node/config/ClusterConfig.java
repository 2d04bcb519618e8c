package dsms.node.config;

import java.util.List;

/**
 * A whole cluster's layout and settings, as read from its config file (YAML).
 *
 * <p>Every process of a cluster reads the same file, so they agree on the failure mode, the
 * replica count, every address and the secret that keys internal traffic. {@link ConfigLoader}
 * validates it completely before any process starts.
 *
 * @param mode the failure mode chosen when the cluster was created
 * @param secret the cluster secret in hex (at least 32 bytes): keys the HMAC of every datagram
 *     and derives users' API keys; the file is kept at mode 600
 * @param faultInjection whether operators may inject faults ({@code dsms fault ...})
 * @param fsync when a replica makes its log durable
 * @param frontEnd where the front end listens
 * @param sequencer where the sequencer listens
 * @param replicas the replicas in order A, B, C...
 * @param timeouts the protocol's timing settings
 */
public record ClusterConfig(
        FailureMode mode,
        String secret,
        boolean faultInjection,
        FsyncPolicy fsync,
        FrontEndConfig frontEnd,
        SequencerConfig sequencer,
        List<ReplicaConfig> replicas,
        TimeoutsConfig timeouts) {

    public ClusterConfig {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        timeouts = timeouts == null ? TimeoutsConfig.DEFAULTS : timeouts;
        fsync = fsync == null ? FsyncPolicy.ALWAYS : fsync;
    }

    public int replicaCount() {
        return replicas.size();
    }

    /** The replica named {@code id} (A, B, ...), or null when there is none. */
    public ReplicaConfig replica(String id) {
        for (ReplicaConfig replica : replicas) {
            if (replica.id().equalsIgnoreCase(id)) {
                return replica;
            }
        }
        return null;
    }

    /** The cluster's failure mode, as chosen when it was created. */
    public enum FailureMode {
        CRASH,
        BYZANTINE
    }

    /** When a replica forces its log to disk. */
    public enum FsyncPolicy {
        /** Group commit: a result leaves a replica only after its entry is on disk. */
        ALWAYS,
        /**
         * Never wait for the disk: faster, but a power loss may lose recent entries. (Not "off":
         * YAML reads that word as a boolean.)
         */
        NEVER
    }

    /**
     * @param httpPort the client-facing HTTP port
     * @param port the protocol's UDP port
     * @param streamPort the TCP port of the stream protocol (docs/STREAM-PROTOCOL.md), the fastest
     *     client path; null (absent from the file) leaves the stream off
     */
    public record FrontEndConfig(String host, int httpPort, int port, Integer streamPort) {}

    public record SequencerConfig(String host, int port) {}

    /**
     * @param id the replica's letter
     * @param port the replica's UDP port
     * @param managerPort the UDP port of the replica's manager, on the same host
     * @param dataDir where the replica keeps its log, snapshots and audit logs; relative paths
     *     are resolved against the config file's directory
     */
    public record ReplicaConfig(String id, String host, int port, int managerPort, String dataDir) {}

    /**
     * The protocol's timing settings; every key is optional and defaults to {@link #DEFAULTS}.
     *
     * @param resultMsMin the lower bound of the front end's adaptive result timeout. 250 ms by
     *     default: under full load a healthy replica runs up to the sequencer's window behind the
     *     fastest one (about a quarter of a second on a small machine), and a shorter timeout asks
     *     it again for nearly every request, loading the front end when it is busiest
     * @param resultMsMax the upper bound of the front end's adaptive result timeout
     * @param requestMsMax how long a client request may take before it is answered as timed out
     * @param retransmitMs how long the sequencer waits for an acknowledgement before resending
     */
    public record TimeoutsConfig(Long resultMsMin, Long resultMsMax, Long requestMsMax, Long retransmitMs) {
        public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(250L, 2_000L, 10_000L, 50L);

        public TimeoutsConfig {
            resultMsMin = resultMsMin == null ? 250L : resultMsMin;
            resultMsMax = resultMsMax == null ? 2_000L : resultMsMax;
            requestMsMax = requestMsMax == null ? 10_000L : requestMsMax;
            retransmitMs = retransmitMs == null ? 50L : retransmitMs;
        }
    }
}
