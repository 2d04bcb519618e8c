package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KeysCommandTest {

    private record Run(int exitCode, String out, String err) {}

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
    void shouldIssueKeyFromConfigSecret() {
        Path config = Path.of("..", "docs", "three-machines.conf");
        Run run = run("keys", "issue", "tokb0042", "--config", config.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("TOKB0042.");
    }

    @Test
    void shouldRejectMalformedUserIdAsUsageError() {
        Run run = run("keys", "issue", "bob", "--config", "../docs/three-machines.conf");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'bob' is not a user ID");
    }

    @Test
    void shouldReportMissingConfigWithoutStackTrace() {
        Run run = run("keys", "issue", "NYKA0001", "--config", "no/such/cluster.conf");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such config file").doesNotContain("Exception");
    }

    @Test
    void shouldExitWithUsageStatusOnUnknownOption() {
        Run run = run("keys", "issue", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
    }
}
