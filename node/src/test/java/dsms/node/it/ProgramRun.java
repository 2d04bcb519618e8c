package dsms.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program to its end within a time limit, for the integration tests that run the
 * packaged {@code dsms} or a benchmark script. The program writes its output and errors to files,
 * not pipes, so the test waits for the program itself and the limit holds even when it hangs:
 * reading a pipe first would block until the program ends, however long that takes. A program
 * past its limit is killed with every process it started (a script's clusters), so that no later
 * test meets them, and the test fails with what it printed.
 */
final class ProgramRun {
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;

    private ProgramRun(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** The packaged {@code dsms} with {@code arguments}, on the JVM that runs the tests. */
    static ProgramRun dsms(List<String> arguments) {
        return new ProgramRun(LocalCluster.dsmsCommand(arguments));
    }

    static ProgramRun dsms(String... arguments) {
        return dsms(List.of(arguments));
    }

    static ProgramRun of(List<String> command) {
        return new ProgramRun(command);
    }

    /** Runs the program in {@code workingDirectory} instead of the tests' own. */
    ProgramRun in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** Adds {@code name=value} to the environment the program inherits. */
    ProgramRun withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ProgramRun withEnvironment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /**
     * Runs the program and waits for it for at most {@code limit}.
     *
     * @throws AssertionError when it runs longer: it is killed with its descendants first
     */
    Result finishWithin(Duration limit) throws IOException, InterruptedException {
        Path output = Files.createTempFile("dsms-program", ".out");
        Path errors = Files.createTempFile("dsms-program", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(errors.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                stopWithDescendants(process);
                throw new AssertionError(command + " ran for more than " + limit.toSeconds() + " s; its output:\n"
                        + Files.readString(output) + "\nits errors:\n" + Files.readString(errors));
            }
            return new Result(command, process.exitValue(), Files.readString(output), Files.readString(errors));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static void stopWithDescendants(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** What a finished program left: its exit status, output and errors. */
    record Result(List<String> command, int status, String output, String errors) {
        /** The output's lines, without the last line's terminator. */
        List<String> outputLines() {
            return output.isEmpty() ? List.of() : List.of(output.split("\n"));
        }

        /** A description for assertion messages: the command with what it printed. */
        String describe() {
            return command + " exited with " + status + "; its output:\n" + output + "\nits errors:\n" + errors;
        }
    }
}
