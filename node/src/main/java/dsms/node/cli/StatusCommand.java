package dsms.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.node.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsms status}: the cluster as the front end sees it. */
@Command(name = "status", description = "Show the cluster as the front end sees it.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "the front end's URL")
    String url;

    @Option(names = "--json", description = "print one JSON object")
    boolean jsonOutput;

    @Override
    public Integer call() {
        ClusterEndpoint endpoint;
        try {
            endpoint = ClusterEndpoint.resolve(config, url);
        } catch (ConfigException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/status"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode status = new ObjectMapper().readTree(response.body());
            System.out.println(jsonOutput ? status.toString() : render(status));
            return 0;
        } catch (IOException e) {
            System.err.println("dsms: cannot reach the front end at " + endpoint.baseUrl() + " (" + e.getMessage() + ")");
            return ClientCommand.EXIT_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClientCommand.EXIT_UNAVAILABLE;
        }
    }

    /** A table with one row per replica and one column per field the front end reports. */
    private static String render(JsonNode status) {
        StringBuilder text = new StringBuilder("mode: " + status.path("mode").asText() + "\n");
        java.util.List<String> columns = new java.util.ArrayList<>();
        JsonNode replicas = status.path("replicas");
        if (replicas.isEmpty()) {
            return text.append("no replicas").toString();
        }
        replicas.get(0).fieldNames().forEachRemaining(columns::add);
        StringBuilder header = new StringBuilder();
        for (String column : columns) {
            header.append(String.format("%-16s", column));
        }
        text.append(header.toString().stripTrailing()).append('\n');
        for (JsonNode replica : replicas) {
            StringBuilder row = new StringBuilder();
            for (String column : columns) {
                row.append(String.format("%-16s", replica.path(column).asText()));
            }
            text.append(row.toString().stripTrailing()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
