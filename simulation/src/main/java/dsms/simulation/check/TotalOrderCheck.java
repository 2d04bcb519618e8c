package dsms.simulation.check;

import dsms.protocol.Delivery;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One total order: each replica delivers sequence numbers 1, 2, 3... with no gap and no step
 * back, and every replica delivers the same entry at each number as the first replica that
 * delivered it. The entries first delivered form the agreed order that the reference market
 * replays.
 */
public final class TotalOrderCheck {
    private final List<OrderedEntry> agreedOrder = new ArrayList<>();
    private final List<NodeId> firstDeliverers = new ArrayList<>();
    private final Map<NodeId, Long> lastDelivered = new TreeMap<>();

    public void onDelivery(Delivery delivery) {
        NodeId replica = delivery.replica();
        long previous = lastDelivered.getOrDefault(replica, 0L);
        long sequence = delivery.sequence();
        CheckFailure.require(
                sequence == previous + 1,
                Check.TOTAL_ORDER,
                "%s delivered #%d right after #%d: replicas deliver strictly in sequence order, without gaps",
                replica, sequence, previous);
        lastDelivered.put(replica, sequence);
        if (sequence > agreedOrder.size()) {
            agreedOrder.add(delivery.entry());
            firstDeliverers.add(replica);
            return;
        }
        OrderedEntry agreed = agreedOrder.get((int) sequence - 1);
        CheckFailure.require(
                Entries.same(agreed, delivery.entry()),
                Check.TOTAL_ORDER,
                "at #%d %s delivered %s but %s delivered %s",
                sequence, firstDeliverers.get((int) sequence - 1), Entries.describe(agreed), replica,
                Entries.describe(delivery.entry()));
    }

    /**
     * The replica's state now ends at {@code sequence}: a new process rebuilt from its disk (which
     * may have lost its log's tail), or a checkpoint installed by state transfer. It delivers from
     * the next sequence on, and what it delivers again must still match the agreed order.
     */
    public void restartAt(NodeId replica, long sequence) {
        lastDelivered.put(replica, sequence);
    }

    /** The entries in agreed order: index {@code i} holds sequence number {@code i + 1}. */
    public List<OrderedEntry> agreedOrder() {
        return Collections.unmodifiableList(agreedOrder);
    }
}
