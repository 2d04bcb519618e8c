package dsms.simulation;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.simulation.breakage.DeliberateBug;
import dsms.simulation.cluster.ClusterSetup;
import dsms.simulation.fault.FaultPlan;
import dsms.simulation.fault.FaultPlanner;
import dsms.simulation.fault.FaultProfile;
import dsms.simulation.workload.ClientPolicy;
import dsms.simulation.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Everything one seed decides before the run starts: the cluster, the protocol's bounds, the
 * clients and the fault plan.
 */
public record Scenario(
        long seed,
        ClusterShape shape,
        FaultProfile profile,
        ProtocolTuning tuning,
        Workload workload,
        ClientPolicy clientPolicy,
        FaultPlan faultPlan,
        DeliberateBug deliberateBug) {

    private static final long MILLISECOND_NS = 1_000_000L;
    private static final int CLIENTS_MIN = 2;
    private static final int CLIENTS_MAX = 6;
    private static final int REQUESTS_PER_CLIENT_MIN = 10;
    private static final int REQUESTS_PER_CLIENT_MAX = 50;
    private static final long FAULT_PHASE_NS_MIN = 1_000 * MILLISECOND_NS;
    private static final long FAULT_PHASE_NS_MAX = 8_000 * MILLISECOND_NS;

    /**
     * A scenario a test writes itself: default bounds, the given clients and plan.
     *
     * @param seed the source of the run's remaining random decisions (network, clients)
     */
    public static Scenario scripted(long seed, ClusterShape shape, Workload workload, FaultPlan plan) {
        long spreadNs = 2 * Math.max(plan.healAtNs(), FAULT_PHASE_NS_MIN);
        long thinkTimeNsMax = workload.requestsPerClient() == 0 ? 0 : spreadNs / workload.requestsPerClient();
        return new Scenario(seed, shape, FaultProfile.SCRIPTED, ProtocolTuning.defaults(), workload,
                ClientPolicy.defaults(thinkTimeNsMax), plan, DeliberateBug.NONE);
    }

    public Scenario withTuning(ProtocolTuning value) {
        return new Scenario(seed, shape, profile, value, workload, clientPolicy, faultPlan, deliberateBug);
    }

    /** Draws the scenario of {@code seed}, honouring what the options fix. */
    public static Scenario draw(long seed, SimulationOptions options, SplittableRandom random) {
        int replicaCount = options.replicaCount().orElseGet(() -> 3 + random.nextInt(2));
        FaultProfile profile = options.profile().orElseGet(() -> drawProfile(options, random));
        FailureMode mode = options.mode().orElseGet(() -> profile.allows(FailureMode.CRASH) && random.nextBoolean()
                ? FailureMode.CRASH
                : FailureMode.BYZANTINE);
        ClusterShape shape = new ClusterShape(replicaCount, mode);
        ProtocolTuning tuning = ProtocolTuning.draw(random, profile.harmsOnlyTheNetwork());
        Workload workload = Workload.crowded(
                CLIENTS_MIN + random.nextInt(CLIENTS_MAX - CLIENTS_MIN + 1),
                REQUESTS_PER_CLIENT_MIN + random.nextInt(REQUESTS_PER_CLIENT_MAX - REQUESTS_PER_CLIENT_MIN + 1));
        long faultPhaseNs = random.nextLong(FAULT_PHASE_NS_MIN, FAULT_PHASE_NS_MAX + 1);
        // Clients think long enough for their requests to spread over the faulty phase.
        ClientPolicy clientPolicy = ClientPolicy.defaults(2 * faultPhaseNs / workload.requestsPerClient());
        FaultPlan plan = FaultPlanner.plan(
                profile, shape, workload.clientCount(), workload.requestsPerClient(), faultPhaseNs, random.split());
        return new Scenario(seed, shape, profile, tuning, workload, clientPolicy, plan, options.deliberateBug());
    }

    private static FaultProfile drawProfile(SimulationOptions options, SplittableRandom random) {
        List<FaultProfile> allowed = Arrays.stream(FaultProfile.values())
                .filter(FaultProfile::isDrawable)
                .filter(profile -> options.mode().map(profile::allows).orElse(true))
                .toList();
        return allowed.get(random.nextInt(allowed.size()));
    }

    public ClusterSetup clusterSetup() {
        return new ClusterSetup(
                shape,
                tuning.frontEndConfig(),
                tuning.sequencerConfig(),
                tuning.replicaConfig(),
                tuning.tickIntervalNsMin(),
                tuning.tickIntervalNsMax(),
                deliberateBug,
                tuning.recoveryConfig(),
                profile.runsReplicaManagers(),
                tuning.managerConfig());
    }

    /** One line: the choices a reader needs first. */
    public String summary() {
        String bug = deliberateBug == DeliberateBug.NONE ? "" : ", deliberate bug " + deliberateBug.cliName();
        return String.format(
                Locale.ROOT,
                "%d replicas, %s mode, profile %s, %d clients x %d requests, faults for %.1f s%s",
                shape.replicaCount(),
                shape.failureMode().name().toLowerCase(Locale.ROOT),
                profile.cliName(),
                workload.clientCount(),
                workload.requestsPerClient(),
                faultPlan.healAtNs() / 1e9,
                bug);
    }

    /** Every choice, one per line: the trace's header. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("seed " + seed + ": " + summary());
        lines.add("tuning: " + tuning.describe());
        lines.add("fault plan:");
        for (String fault : faultPlan.describe()) {
            lines.add("  " + fault);
        }
        return lines;
    }
}
