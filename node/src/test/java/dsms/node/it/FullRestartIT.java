package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping every process, gently or with kill -9, and starting again loses no acknowledged operation. */
class FullRestartIT {
    @TempDir
    Path directory;

    private static int acknowledgedPurchases(LocalCluster cluster, String prefix, int buyers) throws Exception {
        int acknowledged = 0;
        for (int buyer = 1; buyer <= buyers; buyer++) {
            JsonNode answer = cluster.run(String.format("%s%04d", prefix, buyer), "purchaseShare", "NYKM100226", "EQUITY", "2");
            if (answer.path("ok").asBoolean()) {
                acknowledged++;
            }
        }
        return acknowledged;
    }

    private static void assertHoldingsSurvived(LocalCluster cluster, String prefix, int buyers) throws Exception {
        for (int buyer = 1; buyer <= buyers; buyer++) {
            JsonNode holdings = cluster.run(String.format("%s%04d", prefix, buyer), "getShares").path("data").path("holdings");
            assertThat(holdings).as("holdings of buyer %d", buyer).hasSize(1);
            assertThat(holdings.get(0).path("count").asLong()).isEqualTo(2);
        }
    }

    private void restartScenario(boolean powerCut) throws Exception {
        Path data = directory.resolve(powerCut ? "power-cut" : "sigterm");
        LocalCluster cluster = new LocalCluster(data, "crash").start();
        try {
            assertThat(cluster.run("NYKA0001", "addShare", "NYKM100226", "EQUITY", "1000").path("ok").asBoolean()).isTrue();
            assertThat(acknowledgedPurchases(cluster, "NYKB", 20)).isEqualTo(20);
            if (powerCut) {
                cluster.killEverything();
            } else {
                cluster.stop();
            }
            cluster.start();
            assertHoldingsSurvived(cluster, "NYKB", 20);
            assertThat(acknowledgedPurchases(cluster, "LONB", 5)).isEqualTo(5);
            JsonNode shares = cluster.run("NYKA0001", "listShareAvailability", "EQUITY").path("data").path("shares");
            assertThat(shares.get(0).path("remaining").asLong()).isEqualTo(1000 - 25 * 2);
        } finally {
            cluster.close();
        }
    }

    @Test
    void shouldLoseNoAcknowledgedOperationAcrossFullClusterSigtermRestart() throws Exception {
        restartScenario(false);
    }

    @Test
    void shouldLoseNoAcknowledgedOperationAcrossFullClusterKillNine() throws Exception {
        restartScenario(true);
    }
}
