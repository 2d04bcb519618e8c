package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ConfigWriter;
import dsms.node.security.ApiKeys;
import dsms.node.testing.LoopbackCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code dsms client} against a live front end: output and the exit statuses of DESIGN.md. */
class ClientCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopbackCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
        assertThat(client("TOKA0001", "addShare", "TOKE311226", "bonus", "50").exitStatus()).isZero();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Run(int exitStatus, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run run(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = DsmsCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(arguments);
        return new Run(status, out.toString(), err.toString());
    }

    /** Runs {@code dsms client} as {@code user} with the user's key; extra options go first. */
    static Run client(String user, String... operation) {
        List<String> arguments = new ArrayList<>(List.of("client", "--url", cluster.baseUrl(), "--key",
                cluster.keyOf(user), "--user", user));
        arguments.addAll(List.of(operation));
        return run(arguments.toArray(String[]::new));
    }

    @Test
    void successExitsZeroAndPrintsTheResult() {
        Run run = client("TOKB0001", "listShareAvailability", "BONUS");
        assertThat(run.exitStatus()).isZero();
        assertThat(run.out()).contains("TOKE311226").contains("remaining");
    }

    @Test
    void jsonSuccessPrintsOneObjectWithTheDomainFieldNames() throws Exception {
        Run run = client("TOKB0002", "--json", "purchaseShare", "TOKE311226", "BONUS", "3");
        assertThat(run.exitStatus()).isZero();
        JsonNode answer = run.json();
        assertThat(answer.get("ok").asBoolean()).isTrue();
        assertThat(answer.get("code").asText()).isEqualTo("OK");
        assertThat(answer.get("data").get("shareId").asText()).isEqualTo("TOKE311226");
        assertThat(answer.get("data").get("purchased").asLong()).isEqualTo(3);
    }

    @Test
    void businessErrorExitsOne() throws Exception {
        Run run = client("TOKB0001", "--json", "purchaseShare", "TOKM010126", "EQUITY", "1");
        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.json().get("code").asText()).isEqualTo("SHARE_NOT_FOUND");
        assertThat(run.json().get("ok").asBoolean()).isFalse();
        assertThat(run.json().get("data").isObject()).isTrue();
    }

    @Test
    void notAuthorizedIsABusinessError() {
        Run run = client("NYKA0001", "removeShare", "TOKE311226", "BONUS");
        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.out()).startsWith("NOT_AUTHORIZED: ");
    }

    @Test
    void countThatIsNotANumberIsTheMarketsInvalidArgument() {
        Run run = client("TOKB0001", "purchaseShare", "TOKE311226", "BONUS", "three");
        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.out()).startsWith("INVALID_ARGUMENT: count must be an integer");
    }

    @Test
    void wrongNumberOfArgumentsIsAUsageError() throws Exception {
        Run run = client("TOKB0001", "--json", "purchaseShare", "TOKE311226");
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.json().get("code").asText()).isEqualTo("USAGE_ERROR");
    }

    @Test
    void unknownOperationIsAUsageError() {
        Run run = client("TOKB0001", "buyEverything");
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("unknown operation 'buyEverything'");
    }

    @Test
    void keyOfAnotherUserThanUserIsAUsageError() {
        Run run = run("client", "--url", cluster.baseUrl(), "--key", cluster.keyOf("TOKB0002"), "--user", "TOKB0001",
                "getShares");
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("the key belongs to another user than --user TOKB0001");
    }

    @Test
    void urlWithoutKeyIsAUsageError() {
        Run run = run("client", "--url", cluster.baseUrl(), "--user", "TOKB0001", "getShares");
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("--url needs --key");
    }

    @Test
    void missingUserIsAUsageError() {
        assertThat(run("client", "--url", cluster.baseUrl(), "getShares").exitStatus()).isEqualTo(2);
    }

    @Test
    void keyOfAnotherClusterIsNotAuthenticatedAndExitsThree() throws Exception {
        String foreignKey = new ApiKeys(ConfigWriter.newSecret(new SecureRandom())).issue("TOKB0001");
        Run run = run("client", "--url", cluster.baseUrl(), "--key", foreignKey, "--user", "TOKB0001", "--json",
                "getShares");
        assertThat(run.exitStatus()).isEqualTo(3);
        assertThat(run.json().get("code").asText()).isEqualTo("NOT_AUTHENTICATED");
    }

    @Test
    void unreachableFrontEndExitsThree() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run("client", "--url", "http://127.0.0.1:" + closedPort, "--key", cluster.keyOf("TOKB0001"),
                "--user", "TOKB0001", "getShares");
        assertThat(run.exitStatus()).isEqualTo(3);
        assertThat(run.err()).contains("UNAVAILABLE: cannot reach the front end");
    }

    @Test
    void clusterWithoutReplicasTimesOutAndExitsThree() throws Exception {
        try (LoopbackCluster silent = LoopbackCluster.start(FailureMode.CRASH, 3)) {
            for (int replica = 0; replica < 3; replica++) {
                silent.crashReplica(replica);
            }
            Run run = run("client", "--url", silent.baseUrl(), "--key", silent.keyOf("TOKB0001"), "--user", "TOKB0001",
                    "--json", "getShares");
            assertThat(run.exitStatus()).isEqualTo(3);
            assertThat(run.json().get("code").asText()).isEqualTo("TIMED_OUT");
            assertThat(run.json().get("message").asText())
                    .isEqualTo("the cluster did not answer in time; retry with the same Idempotency-Key to be safe");
        }
    }
}
