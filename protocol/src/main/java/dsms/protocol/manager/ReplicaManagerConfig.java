package dsms.protocol.manager;

import dsms.core.Checks;

/**
 * A replica manager's timers and thresholds. {@link #defaults()} gives values for a LAN.
 *
 * @param probeTimeoutNs how long a manager probes a suspect before it reports it unreachable; a
 *     replica slower than this to answer a probe is treated as crashed (default 1 s)
 * @param probesPerSuspicionMax probes sent to a suspect in one probing session, spread evenly over
 *     the probe timeout, so that one lost probe does not make a live replica unreachable (default 3)
 * @param suspicionRoundNs how long the suspect's manager collects findings before the round ends
 *     undecided; longer than the probe timeout, so that every manager's report can arrive (default
 *     2 s)
 * @param suspicionIntervalNsMin the shortest time between two probing sessions of one suspect, and
 *     between the end of one round and the start of the next: a suspect that stays down is reported
 *     again and again, and each report must not cost a new round (default 1 s)
 * @param wrongResultsBeforeReplace consecutive wrong results after which the replica is replaced
 *     (default 3)
 * @param actionCooldownNs when the manager starts, and after each restart or replacement, crash
 *     suspicions of its replica are ignored this long, so that a replica still starting up (its
 *     process, its checkpoint, the replay of its log) is not restarted; it must exceed the replica's
 *     start-up time (default 10 s)
 * @param healthProbeIntervalNs how often the manager probes its own replica to know its status
 *     (default 1 s)
 * @param watchProbeIntervalNs how often it probes its replica after replacing it, until the new
 *     replica reports that it is live (default 100 ms)
 * @param replacementWatchNsMax how long it waits for a replaced replica to report that it is live
 *     before it counts wrong results again regardless (default 60 s)
 */
public record ReplicaManagerConfig(
        long probeTimeoutNs,
        int probesPerSuspicionMax,
        long suspicionRoundNs,
        long suspicionIntervalNsMin,
        int wrongResultsBeforeReplace,
        long actionCooldownNs,
        long healthProbeIntervalNs,
        long watchProbeIntervalNs,
        long replacementWatchNsMax) {

    private static final long MILLISECOND_NS = 1_000_000L;

    public ReplicaManagerConfig {
        Checks.check(probeTimeoutNs >= 1, "probeTimeoutNs %d is positive", probeTimeoutNs);
        Checks.check(probesPerSuspicionMax >= 1, "probesPerSuspicionMax %d is positive", probesPerSuspicionMax);
        Checks.check(
                suspicionRoundNs > probeTimeoutNs,
                "suspicionRoundNs %d is longer than probeTimeoutNs %d",
                suspicionRoundNs,
                probeTimeoutNs);
        Checks.check(suspicionIntervalNsMin >= 0, "suspicionIntervalNsMin %d is at least 0", suspicionIntervalNsMin);
        Checks.check(
                wrongResultsBeforeReplace >= 1, "wrongResultsBeforeReplace %d is positive", wrongResultsBeforeReplace);
        Checks.check(actionCooldownNs >= 0, "actionCooldownNs %d is at least 0", actionCooldownNs);
        Checks.check(healthProbeIntervalNs >= 1, "healthProbeIntervalNs %d is positive", healthProbeIntervalNs);
        Checks.check(watchProbeIntervalNs >= 1, "watchProbeIntervalNs %d is positive", watchProbeIntervalNs);
        Checks.check(replacementWatchNsMax >= 1, "replacementWatchNsMax %d is positive", replacementWatchNsMax);
    }

    public static ReplicaManagerConfig defaults() {
        return new ReplicaManagerConfig(
                1_000 * MILLISECOND_NS,
                3,
                2_000 * MILLISECOND_NS,
                1_000 * MILLISECOND_NS,
                3,
                10_000 * MILLISECOND_NS,
                1_000 * MILLISECOND_NS,
                100 * MILLISECOND_NS,
                60_000 * MILLISECOND_NS);
    }

    public ReplicaManagerConfig withProbeTimeoutNs(long value) {
        return new ReplicaManagerConfig(value, probesPerSuspicionMax, suspicionRoundNs, suspicionIntervalNsMin, wrongResultsBeforeReplace, actionCooldownNs, healthProbeIntervalNs, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withProbesPerSuspicionMax(int value) {
        return new ReplicaManagerConfig(probeTimeoutNs, value, suspicionRoundNs, suspicionIntervalNsMin, wrongResultsBeforeReplace, actionCooldownNs, healthProbeIntervalNs, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withSuspicionRoundNs(long value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, value, suspicionIntervalNsMin, wrongResultsBeforeReplace, actionCooldownNs, healthProbeIntervalNs, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withSuspicionIntervalNsMin(long value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, suspicionRoundNs, value, wrongResultsBeforeReplace, actionCooldownNs, healthProbeIntervalNs, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withWrongResultsBeforeReplace(int value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, suspicionRoundNs, suspicionIntervalNsMin, value, actionCooldownNs, healthProbeIntervalNs, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withActionCooldownNs(long value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, suspicionRoundNs, suspicionIntervalNsMin, wrongResultsBeforeReplace, value, healthProbeIntervalNs, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withHealthProbeIntervalNs(long value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, suspicionRoundNs, suspicionIntervalNsMin, wrongResultsBeforeReplace, actionCooldownNs, value, watchProbeIntervalNs, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withWatchProbeIntervalNs(long value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, suspicionRoundNs, suspicionIntervalNsMin, wrongResultsBeforeReplace, actionCooldownNs, healthProbeIntervalNs, value, replacementWatchNsMax);
    }

    public ReplicaManagerConfig withReplacementWatchNsMax(long value) {
        return new ReplicaManagerConfig(probeTimeoutNs, probesPerSuspicionMax, suspicionRoundNs, suspicionIntervalNsMin, wrongResultsBeforeReplace, actionCooldownNs, healthProbeIntervalNs, watchProbeIntervalNs, value);
    }
}
