package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.Envelope;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.RegisterService;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replicas wired directly to each other, without a sequencer or front end, for tests of state
 * transfer: messages between them are delivered at once, in order, until none is left; messages
 * to other nodes are kept for inspection. A filter drops the messages a test wants lost.
 */
final class PeerNetwork {
    private static final int DELIVERIES_PER_STEP_MAX = 100_000;

    private final Map<NodeId, Replica<RegisterService>> replicas = new LinkedHashMap<>();
    private final Map<NodeId, RecordingOutbox> outboxes = new LinkedHashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private Predicate<Sent> lost = message -> false;
    private long nowNs;

    /** One message, with its sender and the time it was sent. */
    record Sent(NodeId from, NodeId to, Message message, long atNs) {}

    void add(Replica<RegisterService> replica) {
        replicas.put(replica.id(), replica);
        outboxes.put(replica.id(), new RecordingOutbox());
        replica.onTick(nowNs, outboxes.get(replica.id()));
        deliverUntilQuiet();
    }

    RecordingOutbox outboxOf(NodeId replica) {
        return outboxes.get(replica);
    }

    /** Messages matching {@code filter} are lost from now on. */
    void lose(Predicate<Sent> filter) {
        lost = filter;
    }

    /** Advances time, ticks every replica and delivers what they send. */
    void step(long advanceNs) {
        nowNs += advanceNs;
        for (Replica<RegisterService> replica : replicas.values()) {
            replica.onTick(nowNs, outboxes.get(replica.id()));
        }
        deliverUntilQuiet();
    }

    /** Hands a message to a replica as if {@code from} sent it, then delivers what follows. */
    void inject(NodeId from, NodeId to, Message message) {
        replicas.get(to).onMessage(from, message, outboxes.get(to));
        deliverUntilQuiet();
    }

    private void deliverUntilQuiet() {
        for (int delivered = 0; ; delivered++) {
            Checks.check(delivered < DELIVERIES_PER_STEP_MAX, "the peers fall quiet within a step");
            Sent next = takeNext();
            if (next == null) {
                return;
            }
            sent.add(next);
            if (replicas.containsKey(next.to()) && !lost.test(next)) {
                replicas.get(next.to()).onMessage(next.from(), next.message(), outboxes.get(next.to()));
            }
        }
    }

    private Sent takeNext() {
        for (Map.Entry<NodeId, RecordingOutbox> outbox : outboxes.entrySet()) {
            List<Envelope> pending = outbox.getValue().takeSent();
            if (!pending.isEmpty()) {
                Envelope first = pending.get(0);
                // Put the rest back, in order, so that every sender's messages keep their order.
                for (Envelope later : pending.subList(1, pending.size())) {
                    outbox.getValue().send(later.to(), later.message());
                }
                return new Sent(outbox.getKey(), first.to(), first.message(), nowNs);
            }
        }
        return null;
    }

    /** Every message sent so far, in the order it was delivered or lost. */
    List<Sent> sent() {
        return sent;
    }

    <M extends Message> List<Sent> sentOfType(Class<M> type) {
        return sent.stream().filter(message -> type.isInstance(message.message())).toList();
    }

    long nowNs() {
        return nowNs;
    }
}
