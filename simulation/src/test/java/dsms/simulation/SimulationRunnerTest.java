package dsms.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.FailureMode;
import dsms.simulation.breakage.DeliberateBug;
import dsms.simulation.fault.FaultProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationRunnerTest {

    private static List<String> traceOf(long seed, SimulationOptions options) {
        List<String> lines = new ArrayList<>();
        SimulationResult result = SimulationRunner.run(seed, options.withTrace(lines::add));
        lines.add(result.passed() ? "passed" : "failed");
        return lines;
    }

    @Test
    void shouldReplayTheSameTraceByteForByteFromTheSameSeed() {
        SimulationOptions options = SimulationOptions.defaults().withProfile(FaultProfile.CHAOS).withMode(FailureMode.BYZANTINE);

        List<String> first = traceOf(42, options);
        List<String> second = traceOf(42, options);

        assertThat(first).hasSizeGreaterThan(1_000);
        assertThat(String.join("\n", second)).isEqualTo(String.join("\n", first));
        assertThat(traceOf(43, options)).isNotEqualTo(first);
    }

    @Test
    void shouldPrintAReadableTraceWithAHeaderAndOneLinePerEvent() {
        List<String> trace = traceOf(3, SimulationOptions.defaults().withProfile(FaultProfile.CRASHES).withReplicaCount(3));

        assertThat(trace.get(0)).startsWith("seed 3: 3 replicas");
        assertThat(trace).anyMatch(line -> line.matches(" +[0-9]+\\.[0-9]{6} ms  FE0 +send    -> SEQ0 \\[ClientRequest 1-1\\] [0-9]+B( duplicated| lost)?"));
        assertThat(trace).anyMatch(line -> line.contains("SEQ0     deliver <- FE0 [ClientRequest"));
        assertThat(trace).anyMatch(line -> line.contains(" execute #1 "));
        assertThat(trace).anyMatch(line -> line.contains("FE0      complete ") && line.contains(" AGREED #"));
        assertThat(trace).anyMatch(line -> line.contains("cluster  fault   "));
        assertThat(trace).anyMatch(line -> line.contains("tick    timers: "));
    }

    @Test
    void shouldReportTheSameFailureWithSeedCheckAndReplayCommandWhenReplayed() {
        SimulationOptions options = SimulationOptions.defaults().withDeliberateBug(DeliberateBug.OUT_OF_ORDER_DELIVERY);

        SimulationResult first = SimulationRunner.run(2, options);
        SimulationResult again = SimulationRunner.run(2, options);

        assertThat(first).isInstanceOf(SimulationResult.Failed.class);
        SimulationResult.Failed failed = (SimulationResult.Failed) first;
        assertThat(((SimulationResult.Failed) again).report()).isEqualTo(failed.report());
        assertThat(failed.report())
                .startsWith("seed 2 FAILED TOTAL_ORDER: at #")
                .contains("replay: bin/dsms simulate --seed 2 --trace --break out-of-order-delivery")
                .contains("last " + failed.traceTail().size() + " events:");
        assertThat(failed.traceTail()).isNotEmpty().last().asString().contains("execute #");
    }

    @Test
    void shouldHonourTheReplicaCountModeAndProfileItIsGiven() {
        SimulationResult result = SimulationRunner.run(5, SimulationOptions.defaults()
                .withReplicaCount(4).withMode(FailureMode.BYZANTINE).withProfile(FaultProfile.WRONG_RESULTS));

        assertThat(result.passed()).isTrue();
        assertThat(result.scenario()).startsWith("4 replicas, byzantine mode, profile wrong-results");
    }
}
