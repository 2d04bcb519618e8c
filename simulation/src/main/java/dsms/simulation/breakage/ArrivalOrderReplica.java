package dsms.simulation.breakage;

import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.replica.Replica;
import java.util.BitSet;
import java.util.List;

/**
 * A deliberately broken replica ({@link DeliberateBug#OUT_OF_ORDER_DELIVERY}): it delivers
 * entries in the order they arrive instead of in sequence order.
 *
 * <p>It renumbers each entry, on its first arrival, to the real replica's next expected sequence
 * number, so the real replica delivers it at once; copies that arrive again are dropped. A
 * network that reorders datagrams then gives replicas different orders.
 */
final class ArrivalOrderReplica implements ProtocolRole {
    private final Replica<?> replica;
    /** The sequencer's numbers that arrived once; bounded by the numbers a run assigns. */
    private final BitSet arrived = new BitSet();

    ArrivalOrderReplica(Replica<?> replica) {
        this.replica = replica;
    }

    @Override
    public NodeId id() {
        return replica.id();
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        if (!(message instanceof OrderedBatch batch)) {
            replica.onMessage(from, message, outbox);
            return;
        }
        for (OrderedEntry entry : batch.entries()) {
            int sequence = Math.toIntExact(entry.sequence());
            if (arrived.get(sequence)) {
                continue;
            }
            arrived.set(sequence);
            OrderedEntry renumbered = new OrderedEntry(
                    entry.epoch(),
                    replica.lastDeliveredSequence() + 1,
                    entry.timestampMillis(),
                    entry.requestId(),
                    entry.frontEnd(),
                    entry.command());
            replica.onMessage(from, new OrderedBatch(List.of(renumbered)), outbox);
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        replica.onTick(nowNs, outbox);
    }
}
