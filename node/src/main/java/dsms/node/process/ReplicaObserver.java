package dsms.node.process;

import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaResult;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Watches the results a front end receives to tell, per replica, the last sequence number it
 * answered and when; the front end's status page and {@code dsms status} read it. It wraps the
 * front end role and passes every message on unchanged.
 */
public final class ReplicaObserver implements ProtocolRole {
    private final ProtocolRole frontEnd;
    private final AtomicLongArray lastSequence;
    private final AtomicLongArray lastResultNs;
    private volatile long nowNs;

    public ReplicaObserver(ProtocolRole frontEnd, int replicaCount) {
        this.frontEnd = frontEnd;
        this.lastSequence = new AtomicLongArray(replicaCount);
        this.lastResultNs = new AtomicLongArray(replicaCount);
    }

    @Override
    public NodeId id() {
        return frontEnd.id();
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        if (message instanceof ReplicaResult result && from.role() == NodeId.Role.REPLICA
                && from.index() < lastSequence.length()) {
            lastSequence.accumulateAndGet(from.index(), result.sequence(), Math::max);
            lastResultNs.set(from.index(), nowNs);
        }
        frontEnd.onMessage(from, message, outbox);
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        this.nowNs = nowNs;
        frontEnd.onTick(nowNs, outbox);
    }

    /** The highest sequence number replica {@code index} has answered, 0 if none yet. */
    public long lastSequence(int index) {
        return lastSequence.get(index);
    }

    /** When replica {@code index} last answered, on the loop's clock; 0 if never. */
    public long lastResultNs(int index) {
        return lastResultNs.get(index);
    }

    public long nowNs() {
        return nowNs;
    }

    public int replicaCount() {
        return lastSequence.length();
    }
}
