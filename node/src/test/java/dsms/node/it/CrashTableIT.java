package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash table of the original design (Crash-01..05) with real processes: a replica is killed
 * with kill -9 while a request is on its way, the client still gets the right answer from the
 * others, the replica's manager restarts it, and it ends identical to the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashTableIT {
    @TempDir
    static Path directory;

    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(directory.resolve("crash-table"), "crash").start();
        assertThat(cluster.run("NYKA0001", "addShare", "NYKM100226", "EQUITY", "100").path("ok").asBoolean()).isTrue();
        assertThat(cluster.run("LONA0001", "addShare", "LONE110226", "BONUS", "50").path("ok").asBoolean()).isTrue();
        assertThat(cluster.run("NYKB0001", "purchaseShare", "NYKM100226", "EQUITY", "20").path("ok").asBoolean()).isTrue();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Sends the request and kills the replica while it is on its way; returns the answer. */
    private static JsonNode runWhileKilling(String replica, String user, String operation, String... arguments)
            throws Exception {
        long killedPid = cluster.replicaPid(replica);
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.run(user, operation, arguments);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cluster.killReplica(replica);
        JsonNode result = answer.get();
        cluster.awaitReplicaBack(replica, killedPid);
        return result;
    }

    /** Every replica answered the latest request, and all hold identical audit histories. */
    private static void assertReplicasIdentical() throws Exception {
        JsonNode probe = cluster.run("TOKB0999", "getShares");
        assertThat(probe.path("ok").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode status = cluster.status();
            long lastA = status.path("replicas").get(0).path("lastSeq").asLong();
            for (JsonNode replica : status.path("replicas")) {
                assertThat(replica.path("lastSeq").asLong()).as("replica %s", replica.path("id")).isEqualTo(lastA);
            }
            assertThat(cluster.auditLogs("B")).isEqualTo(cluster.auditLogs("A"));
            assertThat(cluster.auditLogs("C")).isEqualTo(cluster.auditLogs("A"));
        });
    }

    private static long remaining(String shareType, String shareId) throws Exception {
        for (JsonNode share : cluster.run("TOKB0999", "listShareAvailability", shareType).path("data").path("shares")) {
            if (share.path("shareId").asText().equals(shareId)) {
                return share.path("remaining").asLong();
            }
        }
        return -1;
    }

    @Test
    @Order(1)
    void crash01_shouldAddShareWhenReplicaBIsKilledBeforeResponding() throws Exception {
        JsonNode answer = runWhileKilling("B", "TOKA0001", "addShare", "TOKA120226", "DIVIDEND", "40");
        assertThat(answer.path("code").asText()).isEqualTo("OK");
        assertThat(remaining("DIVIDEND", "TOKA120226")).isEqualTo(40);
        assertReplicasIdentical();
    }

    @Test
    @Order(2)
    void crash02_shouldRemoveShareWhenReplicaAIsKilledMidExecution() throws Exception {
        JsonNode answer = runWhileKilling("A", "TOKA0001", "removeShare", "TOKA120226", "DIVIDEND");
        assertThat(answer.path("code").asText()).isEqualTo("OK");
        assertThat(remaining("DIVIDEND", "TOKA120226")).isEqualTo(-1);
        assertReplicasIdentical();
    }

    @Test
    @Order(3)
    void crash03_shouldPurchaseWhenReplicaCIsKilled() throws Exception {
        JsonNode answer = runWhileKilling("C", "NYKB0002", "purchaseShare", "NYKM100226", "EQUITY", "10");
        assertThat(answer.path("code").asText()).isEqualTo("OK");
        assertThat(answer.path("data").path("purchased").asLong()).isEqualTo(10);
        assertThat(remaining("EQUITY", "NYKM100226")).isEqualTo(70);
        assertReplicasIdentical();
    }

    @Test
    @Order(4)
    void crash04_shouldSwapWhenReplicaBIsKilledBeforeAnyResponse() throws Exception {
        JsonNode answer = runWhileKilling("B", "NYKB0001", "swapShares", "NYKM100226", "EQUITY", "LONE110226", "BONUS");
        assertThat(answer.path("code").asText()).isEqualTo("OK");
        assertThat(answer.path("data").path("count").asLong()).isEqualTo(20);
        assertThat(remaining("BONUS", "LONE110226")).isEqualTo(30);
        assertThat(remaining("EQUITY", "NYKM100226")).isEqualTo(90);
        assertReplicasIdentical();
    }

    @Test
    @Order(5)
    void crash05_shouldSellWhenReplicaAIsKilledMidSale() throws Exception {
        JsonNode answer = runWhileKilling("A", "NYKB0002", "sellShare", "NYKM100226", "4");
        assertThat(answer.path("code").asText()).isEqualTo("OK");
        assertThat(answer.path("data").path("held").asLong()).isEqualTo(6);
        assertThat(remaining("EQUITY", "NYKM100226")).isEqualTo(94);
        assertReplicasIdentical();
    }
}
