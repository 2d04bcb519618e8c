package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byzantine mode with real processes: a replica made to return wrong results never reaches a
 * client, and after three consecutive wrong results its manager replaces it exactly once; the new
 * replica takes its state from its peers and then answers like them.
 */
class WrongResultReplacementIT {
    @TempDir
    Path directory;

    @Test
    void shouldReplaceReplicaExactlyOnceAfterThreeConsecutiveWrongResults() throws Exception {
        try (LocalCluster cluster = new LocalCluster(directory.resolve("byzantine"), "byzantine").start()) {
            assertThat(cluster.run("NYKA0001", "addShare", "NYKM100226", "EQUITY", "1000").path("code").asText()).isEqualTo("OK");
            Path replicaB = cluster.replicaDirectory("B");
            Files.writeString(replicaB.resolve("fault-byzantine"), "wrong results\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(replicaB.resolve("replica.log"))
                    .contains("returning wrong results"));

            for (int buyer = 1; buyer <= 4; buyer++) {
                JsonNode answer = cluster.run(String.format("NYKB%04d", buyer), "purchaseShare", "NYKM100226", "EQUITY", "5");
                assertThat(answer.path("data").path("purchased").asLong()).as("the client gets the agreed answer").isEqualTo(5);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(cluster.replicaStatus("B").path("replacements").asInt()).isEqualTo(1));
            long wrongBefore = cluster.replicaStatus("B").path("wrongResults").asLong();
            assertThat(wrongBefore).isGreaterThanOrEqualTo(3);

            for (int buyer = 5; buyer <= 14; buyer++) {
                assertThat(cluster.run(String.format("NYKB%04d", buyer), "purchaseShare", "NYKM100226", "EQUITY", "5")
                        .path("code").asText()).isEqualTo("OK");
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                cluster.run(LocalCluster.PROBE_USER, "getShares");
                JsonNode b = cluster.replicaStatus("B");
                assertThat(b.path("lastSeq").asLong()).isEqualTo(cluster.replicaStatus("A").path("lastSeq").asLong());
                assertThat(b.path("wrongResults").asLong()).as("the new replica answers like the others").isEqualTo(wrongBefore);
                assertThat(b.path("replacements").asInt()).as("replaced exactly once").isEqualTo(1);
            });
            JsonNode shares = cluster.run("NYKA0001", "listShareAvailability", "EQUITY").path("data").path("shares");
            assertThat(shares.get(0).path("remaining").asLong()).isEqualTo(1000 - 14 * 5);
        }
    }
}
