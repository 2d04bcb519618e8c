package dsms.node.process;

import dsms.protocol.Delivery;
import dsms.protocol.Outbox;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.ResultVerdict;
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
    private final AtomicLongArray wrongResults;
    private final AtomicLongArray crashSuspicions;
    private volatile long nowNs;

    public ReplicaObserver(ProtocolRole frontEnd, int replicaCount) {
        this.frontEnd = frontEnd;
        this.lastSequence = new AtomicLongArray(replicaCount);
        this.lastResultNs = new AtomicLongArray(replicaCount);
        this.wrongResults = new AtomicLongArray(replicaCount);
        this.crashSuspicions = new AtomicLongArray(replicaCount);
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
        frontEnd.onMessage(from, message, new CountingOutbox(outbox));
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        this.nowNs = nowNs;
        frontEnd.onTick(nowNs, new CountingOutbox(outbox));
    }

    /** How many of replica {@code index}'s results differed from the agreed one. */
    public long wrongResults(int index) {
        return wrongResults.get(index);
    }

    /** How many times the front end reported replica {@code index} as a suspected crash. */
    public long crashSuspicions(int index) {
        return crashSuspicions.get(index);
    }

    /**
     * Counts the front end's fault reports as they leave. Each report goes to every manager, so
     * only the copy addressed to the replica's own manager is counted.
     */
    private final class CountingOutbox implements Outbox {
        private final Outbox outbox;

        CountingOutbox(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void send(NodeId to, Message message) {
            if (message instanceof ResultVerdict verdict && verdict.verdict() == ResultVerdict.Verdict.WRONG
                    && to.equals(NodeId.replicaManager(verdict.replicaIndex())) && verdict.replicaIndex() < replicaCount()) {
                wrongResults.incrementAndGet(verdict.replicaIndex());
            } else if (message instanceof CrashSuspicion suspicion
                    && to.equals(NodeId.replicaManager(suspicion.replicaIndex())) && suspicion.replicaIndex() < replicaCount()) {
                crashSuspicions.incrementAndGet(suspicion.replicaIndex());
            }
            outbox.send(to, message);
        }

        @Override
        public void complete(RequestOutcome outcome) {
            outbox.complete(outcome);
        }

        @Override
        public void delivered(Delivery delivery) {
            outbox.delivered(delivery);
        }
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
