package dsms.protocol;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Outbox} that keeps effects as data, in the order they were produced, for a driver or
 * a test to take and carry out.
 *
 * <p>It has no bound of its own: it holds the effects of the calls since it was last drained, and
 * each call's effects are bounded by the role's configured bounds. Drivers drain it after each
 * call with the {@code take} methods.
 */
public final class RecordingOutbox implements Outbox {
    private final List<Envelope> sent = new ArrayList<>();
    private final List<RequestOutcome> outcomes = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<CheckpointEvent> checkpoints = new ArrayList<>();
    private final List<ManagerAction> actions = new ArrayList<>();

    @Override
    public void send(NodeId to, Message message) {
        sent.add(new Envelope(to, message));
    }

    @Override
    public void complete(RequestOutcome outcome) {
        outcomes.add(outcome);
    }

    @Override
    public void delivered(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public void checkpointed(CheckpointEvent event) {
        checkpoints.add(event);
    }

    @Override
    public void act(ManagerAction action) {
        actions.add(action);
    }

    /** The messages sent since the last take, oldest first. */
    public List<Envelope> sent() {
        return List.copyOf(sent);
    }

    /** The messages of one type sent since the last take, oldest first. */
    public <M extends Message> List<M> sentOfType(Class<M> type) {
        List<M> matching = new ArrayList<>();
        for (Envelope envelope : sent) {
            if (type.isInstance(envelope.message())) {
                matching.add(type.cast(envelope.message()));
            }
        }
        return matching;
    }

    public List<RequestOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<CheckpointEvent> checkpoints() {
        return List.copyOf(checkpoints);
    }

    public List<ManagerAction> actions() {
        return List.copyOf(actions);
    }

    public List<Envelope> takeSent() {
        List<Envelope> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    public List<RequestOutcome> takeOutcomes() {
        List<RequestOutcome> taken = List.copyOf(outcomes);
        outcomes.clear();
        return taken;
    }

    public List<Delivery> takeDeliveries() {
        List<Delivery> taken = List.copyOf(deliveries);
        deliveries.clear();
        return taken;
    }

    public List<CheckpointEvent> takeCheckpoints() {
        List<CheckpointEvent> taken = List.copyOf(checkpoints);
        checkpoints.clear();
        return taken;
    }

    public List<ManagerAction> takeActions() {
        List<ManagerAction> taken = List.copyOf(actions);
        actions.clear();
        return taken;
    }

    /** Forgets every recorded effect. */
    public void clear() {
        sent.clear();
        outcomes.clear();
        deliveries.clear();
        checkpoints.clear();
        actions.clear();
    }
}
