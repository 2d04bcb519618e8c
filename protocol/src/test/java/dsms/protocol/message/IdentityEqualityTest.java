package dsms.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The written-out equality of node and request IDs agrees with their fields, as the records' would. */
class IdentityEqualityTest {
    @Test
    void shouldTellNodesApartByRoleAndIndexAndHashEveryOneDifferently() {
        Set<NodeId> nodes = new HashSet<>();
        Set<Integer> hashes = new HashSet<>();
        for (NodeId.Role role : NodeId.Role.values()) {
            for (int index = 0; index <= NodeId.INDEX_MAX; index++) {
                NodeId node = new NodeId(role, index);
                assertThat(node).isEqualTo(new NodeId(role, index)).hasSameHashCodeAs(new NodeId(role, index));
                nodes.add(node);
                hashes.add(node.hashCode());
            }
        }
        int count = NodeId.Role.values().length * (NodeId.INDEX_MAX + 1);
        assertThat(nodes).hasSize(count);
        assertThat(hashes).as("no two nodes share a hash").hasSize(count);
        assertThat(NodeId.replica(1)).isNotEqualTo(NodeId.replicaManager(1)).isNotEqualTo("RB");
    }

    @Test
    void shouldTellRequestsApartByClientAndCounter() {
        assertThat(new RequestId(7, 9)).isEqualTo(new RequestId(7, 9)).hasSameHashCodeAs(new RequestId(7, 9));
        assertThat(new RequestId(7, 9)).isNotEqualTo(new RequestId(9, 7)).isNotEqualTo(new RequestId(7, 10));
        assertThat(new RequestId(-1, 0)).isNotEqualTo(new RequestId(0, -1)).isNotEqualTo(null);
    }
}
