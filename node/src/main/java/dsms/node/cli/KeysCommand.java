package dsms.node.cli;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import dsms.node.security.ApiKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsms keys issue USERID}: prints a user's API key, derived from the cluster secret. */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "keys", description = "Manage users' API keys.", subcommands = KeysCommand.Issue.class)
public final class KeysCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "issue", description = "Print the API key of USERID (e.g. NYKB1234).")
    static final class Issue implements Callable<Integer> {
        /** Market, role letter (A admin, B buyer), four digits, as DOMAIN.md defines user IDs. */
        private static final Pattern USER_ID = Pattern.compile("(?i)(NYK|LON|TOK)[AB][0-9]{4}");

        @Parameters(index = "0", paramLabel = "USERID", description = "the user, e.g. NYKA1234 or TOKB0042")
        String userId;

        @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ${DEFAULT-VALUE})")
        Path config = Path.of("dsms-data", "cluster.conf");

        @Override
        public Integer call() {
            if (!USER_ID.matcher(userId).matches()) {
                System.err.println("dsms: '" + userId + "' is not a user ID: expected market (NYK, LON, TOK), "
                        + "A (admin) or B (buyer), then 4 digits, e.g. NYKB1234");
                return DsmsCommand.EXIT_USAGE;
            }
            try {
                ClusterConfig cluster = ConfigLoader.load(config);
                System.out.println(new ApiKeys(cluster.secret()).issue(userId));
                return 0;
            } catch (ConfigException e) {
                System.err.println("dsms: " + e.getMessage());
                return DsmsCommand.EXIT_USAGE;
            }
        }
    }
}
