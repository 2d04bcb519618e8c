package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command answers {@code --help} with its usage and {@code --version} with the program's
 * version, as the usage-error message ("Run 'dsms X --help' for usage.") promises.
 */
class HelpOptionsTest {
    /** Runs {@code arguments}; returns the exit status and what went to standard output. */
    private static String[] run(String... arguments) {
        CommandLine commandLine = DsmsCommand.newCommandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        int status = commandLine.execute(arguments);
        return new String[] {String.valueOf(status), out.toString()};
    }

    /** Every command by its words after {@code dsms}, nested ones included. */
    private static List<List<String>> everyCommand() {
        List<List<String>> commands = new ArrayList<>();
        DsmsCommand.newCommandLine().getSubcommands().forEach((name, sub) -> {
            commands.add(List.of(name));
            sub.getSubcommands().keySet().forEach(nested -> commands.add(List.of(name, nested)));
        });
        return commands;
    }

    @Test
    void shouldPrintTheUsageOfEveryCommandForHelp() {
        List<List<String>> commands = everyCommand();
        assertThat(commands).contains(List.of("bench"), List.of("client"), List.of("keys", "issue"), List.of("up"));
        for (List<String> command : commands) {
            List<String> arguments = new ArrayList<>(command);
            arguments.add("--help");

            String[] result = run(arguments.toArray(String[]::new));

            assertThat(result[0]).as("exit status of %s", arguments).isEqualTo("0");
            assertThat(result[1]).as("usage of %s", arguments).startsWith("Usage: dsms " + String.join(" ", command) + " ");
        }
    }

    @Test
    void shouldPrintTheVersionForEveryCommand() {
        for (List<String> command : everyCommand()) {
            List<String> arguments = new ArrayList<>(command);
            arguments.add("--version");

            String[] result = run(arguments.toArray(String[]::new));

            assertThat(result[0]).as("exit status of %s", arguments).isEqualTo("0");
            assertThat(result[1].strip()).as("version of %s", arguments).isEqualTo(DsmsCommand.VERSION);
        }
    }

    @Test
    void shouldDescribeTheBatchEncodingInTheBenchmarksHelp() {
        assertThat(run("bench", "--help")[1]).contains("--encoding=json|binary").contains("application/vnd.dsms.batch");
    }
}
