package dsms.simulation;

import dsms.core.Checks;
import dsms.protocol.FailureMode;
import dsms.simulation.breakage.DeliberateBug;
import dsms.simulation.fault.FaultProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What a run may not choose for itself. Everything left empty is drawn from the seed: the replica
 * count (3 or 4), the failure mode, the fault profile.
 *
 * @param replicaCount the number of replicas, from {@link #REPLICA_COUNT_MIN} to {@link #REPLICA_COUNT_MAX}
 * @param mode crash or byzantine
 * @param profile the kind of trouble; it must allow the mode
 * @param deliberateBug a bug to put in on purpose, to prove the simulator catches it
 * @param traceSink where every trace line goes as it happens; empty keeps only the tail
 */
public record SimulationOptions(
        OptionalInt replicaCount,
        Optional<FailureMode> mode,
        Optional<FaultProfile> profile,
        DeliberateBug deliberateBug,
        Optional<Consumer<String>> traceSink) {

    /** Fewer replicas tolerate no fault at all. */
    public static final int REPLICA_COUNT_MIN = 3;
    /** More replicas only make runs slower; f grows by one every two replicas. */
    public static final int REPLICA_COUNT_MAX = 7;

    public SimulationOptions {
        Checks.check(replicaCount != null && mode != null && profile != null && deliberateBug != null && traceSink != null,
                "options are given, if empty");
        replicaCount.ifPresent(count -> Checks.check(count >= REPLICA_COUNT_MIN && count <= REPLICA_COUNT_MAX,
                "replica count %d is within %d..%d", count, REPLICA_COUNT_MIN, REPLICA_COUNT_MAX));
        Checks.check(mode.isEmpty() || profile.isEmpty() || profile.get().allows(mode.get()),
                "profile %s allows mode %s", profile, mode);
        Checks.check(profile.map(FaultProfile::isDrawable).orElse(true), "a seed draws its plan from a drawable profile");
    }

    /** Everything drawn from the seed, the real protocol, no full trace. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(OptionalInt.empty(), Optional.empty(), Optional.empty(), DeliberateBug.NONE, Optional.empty());
    }

    public SimulationOptions withReplicaCount(int value) {
        return new SimulationOptions(OptionalInt.of(value), mode, profile, deliberateBug, traceSink);
    }

    public SimulationOptions withMode(FailureMode value) {
        return new SimulationOptions(replicaCount, Optional.of(value), profile, deliberateBug, traceSink);
    }

    public SimulationOptions withProfile(FaultProfile value) {
        return new SimulationOptions(replicaCount, mode, Optional.of(value), deliberateBug, traceSink);
    }

    public SimulationOptions withDeliberateBug(DeliberateBug value) {
        return new SimulationOptions(replicaCount, mode, profile, value, traceSink);
    }

    public SimulationOptions withTrace(Consumer<String> sink) {
        return new SimulationOptions(replicaCount, mode, profile, deliberateBug, Optional.of(sink));
    }

    /** The {@code dsms simulate} arguments that replay {@code seed} with these options, trace on. */
    public String replayCommand(long seed) {
        List<String> words = new ArrayList<>(List.of("bin/dsms", "simulate", "--seed", Long.toString(seed), "--trace"));
        replicaCount.ifPresent(count -> words.addAll(List.of("--replicas", Integer.toString(count))));
        mode.ifPresent(value -> words.addAll(List.of("--mode", value.name().toLowerCase(Locale.ROOT))));
        profile.ifPresent(value -> words.addAll(List.of("--profile", value.cliName())));
        if (deliberateBug != DeliberateBug.NONE) {
            words.addAll(List.of("--break", deliberateBug.cliName()));
        }
        return String.join(" ", words);
    }
}
