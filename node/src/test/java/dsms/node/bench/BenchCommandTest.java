package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.node.cli.DsmsCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Usage errors of {@code dsms bench} that are refused before any cluster is touched. */
class BenchCommandTest {
    /** Runs {@code dsms bench ARGUMENTS}; returns the exit status and standard error. */
    private static String[] bench(String... arguments) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] command = new String[arguments.length + 1];
            command[0] = "bench";
            System.arraycopy(arguments, 0, command, 1, arguments.length);
            int status = DsmsCommand.newCommandLine().execute(command);
            return new String[] {String.valueOf(status), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    void shouldRefuseAnUnknownEncoding() {
        String[] result = bench("--encoding", "xml", "--batch", "10");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).contains("--encoding must be json or binary");
    }

    @Test
    void shouldRefuseAnUnknownTransportAndJsonOverTheStream() {
        String[] unknown = bench("--transport", "carrier-pigeon");
        String[] json = bench("--transport", "stream", "--encoding", "json");

        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[1]).contains("--transport must be http or stream");
        assertThat(json[0]).isEqualTo("2");
        assertThat(json[1]).contains("the stream protocol carries binary batches only");
    }

    @Test
    void shouldRefuseTheBinaryEncodingForOneOperationPerRequest() {
        String[] result = bench("--encoding", "binary");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).contains("--encoding binary needs --batch 2 or more");
    }
}
