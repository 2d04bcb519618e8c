package dsms.simulation.cluster;

import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.ManagerAction;
import dsms.protocol.Outbox;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one node's effects during one call to its role. Deliveries and answers go to the
 * cluster at once, in order; messages wait, grouped by destination, until the call returns and
 * the cluster packs them into datagrams, as a real driver does once per cycle.
 *
 * <p>A node that dies in the middle of a call (a crash point) has its earlier messages sent and
 * every later effect discarded: a dead process does nothing more.
 */
final class NodeOutbox implements Outbox {
    /** Where a node's effects go; the cluster may crash the node in reaction to one. */
    interface Effects {
        void sent(SimulatedNode node, NodeId to, Message message);

        void delivered(SimulatedNode node, Delivery delivery);

        void completed(RequestOutcome outcome);

        void checkpointed(SimulatedNode node, CheckpointEvent event);

        void acted(SimulatedNode node, ManagerAction action);
    }

    private final SimulatedNode node;
    private final Effects effects;
    /** Messages per destination, in the order destinations were first named; bounded by the role's bounds per call. */
    private final Map<NodeId, List<Message>> pending = new LinkedHashMap<>();
    private int messagesSent;
    private int outcomes;

    NodeOutbox(SimulatedNode node, Effects effects) {
        this.node = node;
        this.effects = effects;
    }

    @Override
    public void send(NodeId to, Message message) {
        if (isDead()) {
            return;
        }
        pending.computeIfAbsent(to, destination -> new ArrayList<>()).add(message);
        messagesSent++;
        effects.sent(node, to, message);
    }

    @Override
    public void complete(RequestOutcome outcome) {
        if (isDead()) {
            return;
        }
        outcomes++;
        effects.completed(outcome);
    }

    @Override
    public void delivered(Delivery delivery) {
        if (isDead()) {
            return;
        }
        effects.delivered(node, delivery);
    }

    @Override
    public void checkpointed(CheckpointEvent event) {
        if (isDead()) {
            return;
        }
        effects.checkpointed(node, event);
    }

    @Override
    public void act(ManagerAction action) {
        if (isDead()) {
            return;
        }
        effects.acted(node, action);
    }

    private boolean isDead() {
        return node.status() == NodeStatus.CRASHED;
    }

    /** The messages of the call, by destination; the outbox is empty again afterwards. */
    Map<NodeId, List<Message>> takePending() {
        Map<NodeId, List<Message>> taken = new LinkedHashMap<>(pending);
        pending.clear();
        return taken;
    }

    /** How many messages and answers the call produced; the counts restart afterwards. */
    EffectCounts takeCounts() {
        EffectCounts counts = new EffectCounts(messagesSent, outcomes);
        messagesSent = 0;
        outcomes = 0;
        return counts;
    }

    record EffectCounts(int messagesSent, int outcomes) {
        boolean isEmpty() {
            return messagesSent == 0 && outcomes == 0;
        }
    }
}
