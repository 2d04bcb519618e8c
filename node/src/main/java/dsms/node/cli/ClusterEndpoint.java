package dsms.node.cli;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigException;
import dsms.node.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command-line tool finds the front end: {@code --url}, or the front end of {@code
 * --config}, or of ./dsms-data/cluster.conf when that exists.
 */
record ClusterEndpoint(String baseUrl, ClusterConfig config) {
    static final Path DEFAULT_CONFIG = Path.of("dsms-data", "cluster.conf");

    /** Resolves the options; throws with a message for the user when neither works. */
    static ClusterEndpoint resolve(Path configOption, String urlOption) throws ConfigException {
        if (urlOption != null) {
            String url = urlOption.endsWith("/") ? urlOption.substring(0, urlOption.length() - 1) : urlOption;
            ClusterConfig config = configOption == null ? null : ConfigLoader.load(configOption);
            return new ClusterEndpoint(url, config);
        }
        Path file = configOption != null ? configOption : DEFAULT_CONFIG;
        if (configOption == null && !Files.exists(file)) {
            throw new ConfigException("no cluster given: use --config FILE or --url URL (and --key KEY), or run "
                    + "from the directory where 'dsms up' keeps ./dsms-data");
        }
        ClusterConfig config = ConfigLoader.load(file);
        String host = config.frontEnd().host();
        return new ClusterEndpoint("http://" + host + ":" + config.frontEnd().httpPort(), config);
    }
}
