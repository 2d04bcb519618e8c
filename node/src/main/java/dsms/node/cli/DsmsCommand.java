package dsms.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dsms} program: one binary, every role and tool as a subcommand. */
@Command(
        name = "dsms",
        mixinStandardHelpOptions = true,
        version = DsmsCommand.VERSION,
        description = "DSMS: a software-failure-tolerant, highly available distributed share market.",
        subcommands = {
            UpCommand.class,
            StartCommand.class,
            ClientCommand.class,
            StatusCommand.class,
            FaultCommand.class,
            KeysCommand.class,
            SimulateCommand.class,
            dsms.node.bench.BenchCommand.class
        })
public final class DsmsCommand implements Runnable {
    /** What {@code --version} prints, for the program and every subcommand alike. */
    public static final String VERSION = "dsms 0.1.0";
    /** Exit status for a usage error, as the CLI contract fixes it. */
    public static final int EXIT_USAGE = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] arguments) {
        System.exit(newCommandLine().execute(arguments));
    }

    /** The command line with the contract's exit codes: usage errors exit with 2. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new DsmsCommand());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println("dsms: " + exception.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        return commandLine;
    }
}
