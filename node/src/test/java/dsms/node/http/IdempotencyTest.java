package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.ApiCalls.Answer;
import dsms.node.testing.LoopbackCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A retried request with the same Idempotency-Key executes once. */
class IdempotencyTest {
    @Test
    void retryWithTheSameKeyExecutesOnceAndGetsTheFirstResult() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(FailureMode.CRASH, 3)) {
            ApiCalls api = new ApiCalls(cluster.baseUrl());
            String admin = cluster.keyOf("LONA0001");
            String buyer = cluster.keyOf("LONB0001");
            assertThat(api.operation("addShare", admin, "{\"shareId\":\"LONA050326\",\"shareType\":\"DIVIDEND\","
                    + "\"capacity\":10}").code()).isEqualTo("OK");
            String sale = "{\"shareId\":\"LONA050326\",\"shareType\":\"DIVIDEND\",\"count\":4}";
            Map<String, String> retryKey = Map.of("Idempotency-Key", "order-7");

            Answer first = api.operation("purchaseShare", buyer, sale, retryKey);
            Answer retry = api.operation("purchaseShare", buyer, sale, retryKey);
            Answer fresh = api.operation("purchaseShare", buyer, sale, Map.of("Idempotency-Key", "order-8"));

            assertThat(first.code()).isEqualTo("OK");
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(fresh.code()).isEqualTo("ALREADY_HELD");
            Answer listing = api.operation("listShareAvailability", buyer, "{\"shareType\":\"DIVIDEND\"}");
            assertThat(listing.body().at("/data/shares/0/remaining").asLong()).isEqualTo(6);
        }
    }
}
