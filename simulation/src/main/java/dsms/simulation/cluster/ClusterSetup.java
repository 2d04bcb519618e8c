package dsms.simulation.cluster;

import dsms.core.Checks;
import dsms.protocol.ClusterShape;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.manager.ReplicaManagerConfig;
import dsms.protocol.replica.RecoveryConfig;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.sequencer.SequencerConfig;
import dsms.simulation.breakage.DeliberateBug;

/**
 * How to build a simulated cluster: its shape, each role's configuration, how often nodes tick,
 * and (for tests of the simulator only) a deliberate bug.
 *
 * @param tickIntervalNsMin the shortest periodic tick interval a node may draw
 * @param tickIntervalNsMax the longest; each node draws its own, so nodes drift apart
 * @param recoveryConfig the replicas' checkpoint and state transfer bounds
 * @param replicaManagers whether a replica manager per replica runs as a node and its restarts
 *     and replacements are carried out; without them messages to managers are only kept
 * @param managerConfig the replica managers' configuration, when they run
 */
public record ClusterSetup(
        ClusterShape shape,
        FrontEndConfig frontEndConfig,
        SequencerConfig sequencerConfig,
        ReplicaConfig replicaConfig,
        long tickIntervalNsMin,
        long tickIntervalNsMax,
        DeliberateBug deliberateBug,
        RecoveryConfig recoveryConfig,
        boolean replicaManagers,
        ReplicaManagerConfig managerConfig) {

    private static final long MILLISECOND_NS = 1_000_000L;

    public ClusterSetup {
        Checks.check(shape != null && frontEndConfig != null && sequencerConfig != null && replicaConfig != null,
                "a cluster setup names its shape and every role's configuration");
        Checks.check(tickIntervalNsMin >= 1 && tickIntervalNsMin <= tickIntervalNsMax,
                "tick intervals are ordered and positive: %d..%d", tickIntervalNsMin, tickIntervalNsMax);
        Checks.check(deliberateBug != null, "a cluster setup says whether it carries a deliberate bug");
        Checks.check(recoveryConfig != null && managerConfig != null,
                "a cluster setup names the replicas' recovery and the managers' configuration");
    }

    /** Every role with its default configuration, ticking every 1 to 5 ms. */
    public static ClusterSetup defaults(ClusterShape shape) {
        return new ClusterSetup(
                shape,
                FrontEndConfig.defaults(),
                SequencerConfig.defaults(),
                ReplicaConfig.defaults(),
                MILLISECOND_NS,
                5 * MILLISECOND_NS,
                DeliberateBug.NONE,
                RecoveryConfig.defaults(),
                false,
                ReplicaManagerConfig.defaults());
    }

    public ClusterSetup withFrontEndConfig(FrontEndConfig value) {
        return new ClusterSetup(shape, value, sequencerConfig, replicaConfig, tickIntervalNsMin, tickIntervalNsMax, deliberateBug, recoveryConfig, replicaManagers, managerConfig);
    }

    public ClusterSetup withSequencerConfig(SequencerConfig value) {
        return new ClusterSetup(shape, frontEndConfig, value, replicaConfig, tickIntervalNsMin, tickIntervalNsMax, deliberateBug, recoveryConfig, replicaManagers, managerConfig);
    }

    public ClusterSetup withReplicaConfig(ReplicaConfig value) {
        return new ClusterSetup(shape, frontEndConfig, sequencerConfig, value, tickIntervalNsMin, tickIntervalNsMax, deliberateBug, recoveryConfig, replicaManagers, managerConfig);
    }

    public ClusterSetup withTickIntervalsNs(long minNs, long maxNs) {
        return new ClusterSetup(shape, frontEndConfig, sequencerConfig, replicaConfig, minNs, maxNs, deliberateBug, recoveryConfig, replicaManagers, managerConfig);
    }

    public ClusterSetup withDeliberateBug(DeliberateBug value) {
        return new ClusterSetup(shape, frontEndConfig, sequencerConfig, replicaConfig, tickIntervalNsMin, tickIntervalNsMax, value, recoveryConfig, replicaManagers, managerConfig);
    }

    public ClusterSetup withRecoveryConfig(RecoveryConfig value) {
        return new ClusterSetup(shape, frontEndConfig, sequencerConfig, replicaConfig, tickIntervalNsMin, tickIntervalNsMax,
                deliberateBug, value, replicaManagers, managerConfig);
    }

    public ClusterSetup withReplicaManagers(boolean value) {
        return new ClusterSetup(shape, frontEndConfig, sequencerConfig, replicaConfig, tickIntervalNsMin, tickIntervalNsMax,
                deliberateBug, recoveryConfig, value, managerConfig);
    }

    public ClusterSetup withManagerConfig(ReplicaManagerConfig value) {
        return new ClusterSetup(shape, frontEndConfig, sequencerConfig, replicaConfig, tickIntervalNsMin, tickIntervalNsMax,
                deliberateBug, recoveryConfig, replicaManagers, value);
    }
}
