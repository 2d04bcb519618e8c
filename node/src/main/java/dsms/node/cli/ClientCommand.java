package dsms.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.node.config.ConfigException;
import dsms.node.http.Operations;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsms client}: runs one market operation through the front end and prints its result.
 * Exit status: 0 ok, 1 business error, 2 usage error, 3 unavailable, timed out or not
 * authenticated.
 */
@Command(name = "client", description = "Run one market operation as USERID.",
        footer = {"", "Operations:", "  addShare SHAREID TYPE CAPACITY      removeShare SHAREID TYPE",
                "  listShareAvailability TYPE          purchaseShare SHAREID TYPE COUNT",
                "  getShares                           sellShare SHAREID COUNT [TYPE]",
                "  swapShares OLDID OLDTYPE NEWID NEWTYPE"})
public final class ClientCommand implements Callable<Integer> {
    static final int EXIT_BUSINESS_ERROR = 1;
    static final int EXIT_UNAVAILABLE = 3;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--config", paramLabel = "FILE", description = "cluster config (default: ./dsms-data/cluster.conf)")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "the front end's URL, with --key")
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "the user's API key, with --url")
    String key;

    @Option(names = "--user", required = true, paramLabel = "USERID", description = "the acting user, e.g. NYKB1234")
    String user;

    @Option(names = "--json", description = "print one JSON object: {ok, code, message, data}")
    boolean jsonOutput;

    @Parameters(index = "0", paramLabel = "OP", description = "the operation")
    String operation;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the operation's arguments")
    List<String> arguments = new ArrayList<>();

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() {
        String userId = user.toUpperCase(Locale.ROOT);
        ParseOutcome parsed = Commands.parse(userId, operation, arguments);
        if (parsed instanceof ParseOutcome.UsageError usage) {
            System.err.println("dsms: " + usage.message());
            return DsmsCommand.EXIT_USAGE;
        }
        String apiKey;
        String baseUrl;
        try {
            ClusterEndpoint endpoint = ClusterEndpoint.resolve(config, url);
            baseUrl = endpoint.baseUrl();
            apiKey = key != null ? key : endpoint.config() == null ? null
                    : new ApiKeys(endpoint.config().secret()).issue(userId);
        } catch (ConfigException e) {
            System.err.println("dsms: " + e.getMessage());
            return DsmsCommand.EXIT_USAGE;
        }
        if (apiKey == null) {
            System.err.println("dsms: --url needs --key KEY (or --config FILE to derive the key)");
            return DsmsCommand.EXIT_USAGE;
        }
        if (!apiKey.toUpperCase(Locale.ROOT).startsWith(userId + ".")) {
            System.err.println("dsms: the key belongs to another user than --user " + userId);
            return DsmsCommand.EXIT_USAGE;
        }
        return send(baseUrl, apiKey);
    }

    private int send(String baseUrl, String apiKey) {
        ObjectNode body = json.createObjectNode();
        List<String> fields = Operations.FIELDS.get(operation);
        for (int index = 0; index < arguments.size() && index < fields.size(); index++) {
            body.put(Operations.name(fields.get(index)), arguments.get(index));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/operations/" + operation))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return print(response.statusCode(), json.readTree(response.body()));
        } catch (IOException e) {
            return unavailable("cannot reach the front end at " + baseUrl + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private int print(int httpStatus, JsonNode answer) {
        boolean ok = answer.path("ok").asBoolean(false);
        String code = answer.path("code").asText("UNKNOWN");
        if (jsonOutput) {
            ObjectNode out = json.createObjectNode();
            out.put("ok", ok).put("code", code).put("message", answer.path("message").asText(""));
            out.set("data", answer.has("data") ? answer.get("data") : json.createObjectNode());
            System.out.println(out);
        } else if (ok) {
            System.out.println(ResultPrinter.render(answer));
        } else {
            (httpStatus == 200 ? System.out : System.err).println(code + ": " + answer.path("message").asText(""));
        }
        if (ok) {
            return 0;
        }
        return httpStatus == 200 ? EXIT_BUSINESS_ERROR : httpStatus == 400 ? DsmsCommand.EXIT_USAGE : EXIT_UNAVAILABLE;
    }

    private int unavailable(String message) {
        if (jsonOutput) {
            ObjectNode out = json.createObjectNode();
            out.put("ok", false).put("code", "UNAVAILABLE").put("message", message);
            out.set("data", json.createObjectNode());
            System.out.println(out);
        } else {
            System.err.println("dsms: " + message);
        }
        return EXIT_UNAVAILABLE;
    }
}
