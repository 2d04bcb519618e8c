package dsms.node.cli;

import dsms.node.config.ConfigException;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dsms client}: runs one market operation through the front end and prints its result, or
 * without an operation opens an interactive prompt. Exit status (DESIGN.md "Interfaces"): 0 ok,
 * 1 business error, 2 usage error, 3 unavailable, timed out or not authenticated.
 */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "client", description = "Run a market operation as USERID; without OP, open a prompt.",
        footer = {"", "Operations:", "  addShare SHAREID TYPE CAPACITY      removeShare SHAREID TYPE",
                "  listShareAvailability TYPE          purchaseShare SHAREID TYPE COUNT",
                "  getShares                           sellShare SHAREID COUNT [TYPE]",
                "  swapShares OLDID OLDTYPE NEWID NEWTYPE",
                "", "Exit status: 0 ok, 1 business error, 2 usage error, 3 unavailable, timed out or not authenticated."})
public final class ClientCommand implements Callable<Integer> {
    static final int EXIT_UNAVAILABLE = 3;
    /** Longer than the front end's own request timeout, so the front end's answer arrives first. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final String HISTORY_FILE = ".dsms_history";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "the front end's URL, with --key")
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "the user's API key, with --url")
    String key;

    @Option(names = "--user", required = true, paramLabel = "USERID", description = "the acting user, e.g. NYKB1234")
    String user;

    @Option(names = "--json", description = "print one JSON object per operation: {ok, code, message, data}")
    boolean jsonOutput;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OP", description = "the operation; none opens a prompt")
    String operation;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the operation's arguments")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutcomePrinter printer = new OutcomePrinter(out, err, jsonOutput);
        String userId = user.toUpperCase(Locale.ROOT);
        ClusterEndpoint endpoint;
        String apiKey;
        try {
            endpoint = ClusterEndpoint.resolve(config, url);
            apiKey = apiKey(endpoint, userId);
        } catch (ConfigException e) {
            return printer.print(Outcome.usageError(e.getMessage()));
        }
        OperationClient client = new OperationClient(endpoint.baseUrl(), apiKey, userId, REQUEST_TIMEOUT);
        if (operation == null) {
            return interactive(client, userId, err);
        }
        return printer.print(client.run(operation, arguments));
    }

    /** The key given, or the user's key derived from the config; it must be the user's own. */
    private String apiKey(ClusterEndpoint endpoint, String userId) throws ConfigException {
        String apiKey = key != null ? key : endpoint.config() == null ? null
                : new ApiKeys(endpoint.config().secret()).issue(userId);
        if (apiKey == null) {
            throw new ConfigException("--url needs --key KEY (or --config FILE to derive the key)");
        }
        if (!apiKey.toUpperCase(Locale.ROOT).startsWith(userId + ".")) {
            throw new ConfigException("the key belongs to another user than --user " + userId);
        }
        return apiKey;
    }

    private int interactive(OperationClient client, String userId, PrintWriter err) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Path history = Path.of(System.getProperty("user.home"), HISTORY_FILE);
            return new InteractiveShell(terminal, history, client, jsonOutput).run(userId);
        } catch (IOException e) {
            err.println("dsms: cannot open the terminal: " + e.getMessage());
            return EXIT_UNAVAILABLE;
        }
    }
}
