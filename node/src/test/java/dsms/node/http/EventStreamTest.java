package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.LoopbackCluster;
import dsms.node.testing.StatusStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's event stream: live status events, and a bound on open streams. */
class EventStreamTest {
    @Test
    void streamsAreBoundedAndAClosedStreamFreesItsPlace() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(FailureMode.CRASH, 3)) {
            List<StatusStream> streams = new ArrayList<>();
            // Streams end before the cluster does, as browsers leave a running server.
            try {
                fillAndFree(cluster, streams);
            } finally {
                closeAll(streams);
            }
        }
    }

    private static void fillAndFree(LoopbackCluster cluster, List<StatusStream> streams) throws IOException {
        for (int stream = 0; stream < EventStream.CLIENTS_MAX; stream++) {
            streams.add(StatusStream.open(cluster.baseUrl()));
        }
        ApiCalls.Answer refused = new ApiCalls(cluster.baseUrl()).get(EventStream.PATH,
                Map.of("Accept", "text/event-stream"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("OVERLOADED");

        StatusStream first = streams.remove(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.events() >= 2);
        first.close();
        // The server notices a closed stream when its next event cannot be written.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IllegalStateException.class)
                .untilAsserted(() -> streams.add(StatusStream.open(cluster.baseUrl())));
        StatusStream replacement = streams.get(streams.size() - 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> replacement.events() >= 2);
    }

    private static void closeAll(List<StatusStream> streams) throws IOException {
        for (StatusStream stream : streams) {
            stream.close();
        }
    }
}
