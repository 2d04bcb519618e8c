package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.testing.LoopbackCluster;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code dsms status} against a live front end. */
class StatusCommandTest {
    @Test
    void jsonHasTheFieldsDesignPromisesForEveryReplica() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(FailureMode.BYZANTINE, 4)) {
            ClientCommandTest.Run run = ClientCommandTest.run("status", "--url", cluster.baseUrl(), "--json");
            assertThat(run.exitStatus()).isZero();
            JsonNode status = run.json();
            assertThat(status.get("mode").asText()).isEqualTo("byzantine");
            assertThat(status.get("replicas")).hasSize(4);
            for (JsonNode replica : status.get("replicas")) {
                assertThat(replica.get("status").asText()).isIn("UP", "DOWN", "RECOVERING");
                for (String field : new String[] {"id", "lastSeq", "digest", "restarts", "replacements"}) {
                    assertThat(replica.has(field)).as(field).isTrue();
                }
            }
            assertThat(status.at("/replicas/3/id").asText()).isEqualTo("D");
        }
    }

    @Test
    void tableShowsEachReplicaAndTheFrontEnd() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(FailureMode.CRASH, 3)) {
            ClientCommandTest.Run run = ClientCommandTest.run("status", "--url", cluster.baseUrl());
            assertThat(run.exitStatus()).isZero();
            assertThat(run.out()).startsWith("mode: crash").contains("\nA        UP").contains("\nC        UP")
                    .contains("front end: ").contains("AGREED 0");
        }
    }

    @Test
    void unreachableFrontEndExitsThree() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClientCommandTest.Run run = ClientCommandTest.run("status", "--url", "http://127.0.0.1:" + closedPort);
        assertThat(run.exitStatus()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach the front end");
    }
}
