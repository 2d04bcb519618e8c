package dsms.protocol.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Delivery;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.RequestId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The properties the replication protocol promises, checked over a finished cluster run. */
final class ClusterChecks {
    private ClusterChecks() {}

    /** Each replica delivered 1, 2, 3... with no gap, and all agree on what each number holds. */
    static void assertOneTotalOrder(InMemoryCluster cluster, List<Integer> replicas) {
        List<Delivery> longest = List.of();
        for (int replica : replicas) {
            List<Delivery> delivered = cluster.deliveriesOf(replica);
            for (int position = 0; position < delivered.size(); position++) {
                assertThat(delivered.get(position).sequence()).as("replica %d position %d", replica, position)
                        .isEqualTo(position + 1);
            }
            longest = delivered.size() > longest.size() ? delivered : longest;
        }
        for (int replica : replicas) {
            List<Delivery> delivered = cluster.deliveriesOf(replica);
            for (int position = 0; position < delivered.size(); position++) {
                assertThat(delivered.get(position).requestId()).as("replica %d sequence %d", replica, position + 1)
                        .isEqualTo(longest.get(position).requestId());
            }
        }
    }

    /** No replica executed a request twice; each deduplicated delivery points at its execution. */
    static void assertExactlyOnce(InMemoryCluster cluster, List<Integer> replicas) {
        for (int replica : replicas) {
            Map<RequestId, Long> executedAt = new HashMap<>();
            for (Delivery delivery : cluster.deliveriesOf(replica)) {
                if (delivery.kind() == Delivery.Kind.EXECUTED) {
                    assertThat(executedAt.put(delivery.requestId(), delivery.sequence()))
                            .as("replica %d executes %s once", replica, delivery.requestId())
                            .isNull();
                } else {
                    assertThat(executedAt.get(delivery.requestId()))
                            .as("replica %d deduplicates %s", replica, delivery.requestId())
                            .isEqualTo(delivery.executedSequence());
                }
            }
        }
    }

    /**
     * Every accepted submit was answered exactly once, and every agreed answer, first or after a
     * retry, is the result of the request's one execution.
     */
    static void assertAnswersMatchExecution(InMemoryCluster cluster, int correctReplica) {
        Map<RequestId, Delivery> executions = new HashMap<>();
        for (Delivery delivery : cluster.deliveriesOf(correctReplica)) {
            if (delivery.kind() == Delivery.Kind.EXECUTED) {
                executions.put(delivery.requestId(), delivery);
            }
        }
        assertThat(cluster.outcomes().keySet()).isEqualTo(cluster.acceptedSubmits().keySet());
        cluster.outcomes().forEach((requestId, outcomes) -> {
            assertThat(outcomes).as("outcomes of %s", requestId).hasSize(cluster.acceptedSubmits().get(requestId));
            for (RequestOutcome outcome : outcomes) {
                if (outcome.status() == RequestOutcome.Status.AGREED) {
                    Delivery execution = executions.get(requestId);
                    assertThat(execution).as("execution of %s", requestId).isNotNull();
                    assertThat(outcome.sequence()).isEqualTo(execution.sequence());
                    assertThat(outcome.result()).isEqualTo(execution.result());
                }
            }
        });
    }

    /**
     * Like {@link #assertAnswersMatchExecution(InMemoryCluster, int)} with several witnesses, for
     * runs where a replica may have skipped executing entries by installing a checkpoint: each
     * request's execution is taken from whichever witness executed it, and witnesses that executed
     * the same request agree on it.
     */
    static void assertAnswersMatchExecution(InMemoryCluster cluster, List<Integer> witnesses) {
        Map<RequestId, Delivery> executions = new HashMap<>();
        for (int witness : witnesses) {
            for (Delivery delivery : cluster.deliveriesOf(witness)) {
                if (delivery.kind() != Delivery.Kind.EXECUTED) {
                    continue;
                }
                Delivery earlier = executions.putIfAbsent(delivery.requestId(), delivery);
                if (earlier != null) {
                    assertThat(delivery.sequence()).as("execution of %s", delivery.requestId()).isEqualTo(earlier.sequence());
                    assertThat(delivery.result()).as("result of %s", delivery.requestId()).isEqualTo(earlier.result());
                }
            }
        }
        assertThat(cluster.outcomes().keySet()).isEqualTo(cluster.acceptedSubmits().keySet());
        cluster.outcomes().forEach((requestId, outcomes) -> {
            assertThat(outcomes).as("outcomes of %s", requestId).hasSize(cluster.acceptedSubmits().get(requestId));
            for (RequestOutcome outcome : outcomes) {
                if (outcome.status() == RequestOutcome.Status.AGREED) {
                    Delivery execution = executions.get(requestId);
                    assertThat(execution).as("execution of %s", requestId).isNotNull();
                    assertThat(outcome.sequence()).isEqualTo(execution.sequence());
                    assertThat(outcome.result()).isEqualTo(execution.result());
                }
            }
        });
    }

    /** Every replica of the list reached the same state. */
    static void assertSameState(InMemoryCluster cluster, List<Integer> replicas) {
        for (int replica : replicas) {
            assertThat(cluster.replica(replica).service().digest())
                    .as("state of replica %d", replica)
                    .isEqualTo(cluster.replica(replicas.get(0)).service().digest());
        }
    }
}
