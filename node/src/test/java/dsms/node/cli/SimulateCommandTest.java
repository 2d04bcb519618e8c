package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    private record Run(int exitCode, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run run(String... arguments) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = DsmsCommand.newCommandLine().execute(arguments);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void shouldEndABatchWithTheCountOfPassedSeedsAndShowProgress() {
        Run run = run("simulate", "--seeds", "101", "--from", "5", "--profile", "calm");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lastLine()).isEqualTo("101 seeds passed");
        assertThat(run.err()).contains("dsms simulate: " + SimulateCommand.PROGRESS_EVERY_SEEDS + " of 101 seeds passed");
    }

    @Test
    void shouldReplayOneSeedWithItsTrace() {
        Run run = run("simulate", "--seed", "7", "--trace", "--replicas", "4", "--mode", "byzantine", "--profile", "wrong-results");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("seed 7: 4 replicas, byzantine mode, profile wrong-results")
                .contains("FE0      send    -> SEQ0 [ClientRequest 1-1]")
                .contains("fault   wrong results R");
        assertThat(run.lastLine()).startsWith("  run: ");
        assertThat(run(new String[] {"simulate", "--seed", "7", "--trace", "--replicas", "4", "--mode", "byzantine",
                "--profile", "wrong-results"}).out()).isEqualTo(run.out());
    }

    @Test
    void shouldNameTheFailingSeedWithTheCommandThatReplaysItAndExitWithOne() {
        Run run = run("simulate", "--seeds", "10", "--break", "out-of-order-delivery");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED TOTAL_ORDER");
        assertThat(run.lastLine()).matches(
                "seed [0-9]+ failed \\(TOTAL_ORDER\\); replay it with: bin/dsms simulate --seed [0-9]+ --trace --break out-of-order-delivery");
    }

    @Test
    void shouldDescribeItsOptions() {
        Run run = run("simulate", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--seeds=N", "--seed=S", "--trace", "--replicas=N", "--mode=MODE", "lossy-network");
    }

    @Test
    void shouldExitWithUsageStatusOnBadOptions() {
        assertThat(run("simulate").exitCode()).isEqualTo(2);
        assertThat(run("simulate", "--seeds", "3", "--seed", "4").exitCode()).isEqualTo(2);
        assertThat(run("simulate", "--seeds", "0").exitCode()).isEqualTo(2);
        assertThat(run("simulate", "--seeds", "3", "--trace").exitCode()).isEqualTo(2);
        assertThat(run("simulate", "--seed", "1", "--replicas", "2").exitCode()).isEqualTo(2);
        assertThat(run("simulate", "--seed", "1", "--mode", "crash", "--profile", "wrong-results").err())
                .contains("profile wrong-results needs byzantine mode");
        assertThat(run("simulate", "--seed", "1", "--profile", "sunny").err()).contains("--profile is one of calm, lossy-network");
        assertThat(run("simulate", "--seeds", "x").exitCode()).isEqualTo(2);
    }
}
