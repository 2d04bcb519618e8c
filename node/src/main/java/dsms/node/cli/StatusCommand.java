package dsms.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.node.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsms status}: the cluster as the front end sees it. */
@Command(mixinStandardHelpOptions = true, version = DsmsCommand.VERSION, name = "status", description = "Show the cluster as the front end sees it.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "the front end's URL")
    String url;

    @Option(names = "--json", description = "print one JSON object")
    boolean jsonOutput;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClusterEndpoint endpoint;
        try {
            endpoint = ClusterEndpoint.resolve(config, url);
        } catch (ConfigException e) {
            err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/status"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode status = new ObjectMapper().readTree(response.body());
            out.println(jsonOutput ? status.toString() : render(status));
            return 0;
        } catch (IOException e) {
            err.println("dsms: cannot reach the front end at " + endpoint.baseUrl() + " (" + e.getMessage() + ")");
            return ClientCommand.EXIT_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClientCommand.EXIT_UNAVAILABLE;
        }
    }

    static String render(JsonNode status) {
        StringBuilder text = new StringBuilder("mode: " + status.path("mode").asText() + "\n");
        text.append(String.format("%-8s %-11s %10s %6s %9s %13s %11s  %s%n", "replica", "status", "lastSeq", "lag",
                "restarts", "replacements", "suspicions", "digest"));
        for (JsonNode replica : status.path("replicas")) {
            text.append(String.format("%-8s %-11s %10d %6d %9d %13d %11d  %s%n", replica.path("id").asText(),
                    replica.path("status").asText(), replica.path("lastSeq").asLong(), replica.path("lag").asLong(),
                    replica.path("restarts").asLong(), replica.path("replacements").asLong(),
                    replica.path("crashSuspicions").asLong(), replica.path("digest").asText()));
        }
        JsonNode frontEnd = status.path("frontEnd");
        if (frontEnd.isObject()) {
            text.append(String.format("front end: %.1f requests/s, latency p50 %.1f ms, p99 %.1f ms; outcomes %s%n",
                    frontEnd.path("requestsPerSecond").asDouble(), frontEnd.path("latencyMsP50").asDouble(),
                    frontEnd.path("latencyMsP99").asDouble(), pairs(frontEnd.path("outcomes"))));
        }
        return text.toString().stripTrailing();
    }

    private static String pairs(JsonNode object) {
        StringJoiner joined = new StringJoiner(", ");
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            joined.add(field.getKey() + " " + field.getValue().asText());
        }
        return joined.toString();
    }
}
