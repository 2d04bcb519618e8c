package dsms.protocol;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;

/**
 * An outbox that passes every effect on to another one. Drivers that watch a role's effects (to
 * log new entries, to count fault reports) extend it and override only what they watch, so no
 * effect can be dropped by a wrapper that forgot to forward it.
 *
 * <p>One wrapper serves every call: {@link #around} points it at the outbox of the current call.
 * Like the roles, it is used from one thread only.
 */
public class ForwardingOutbox implements Outbox {
    private Outbox target;

    /** Points this wrapper at {@code outbox} and returns it, ready to hand to a role. */
    public final Outbox around(Outbox outbox) {
        this.target = outbox;
        return this;
    }

    @Override
    public void send(NodeId to, Message message) {
        target.send(to, message);
    }

    @Override
    public void complete(RequestOutcome outcome) {
        target.complete(outcome);
    }

    @Override
    public void delivered(Delivery delivery) {
        target.delivered(delivery);
    }

    @Override
    public void checkpointed(CheckpointEvent event) {
        target.checkpointed(event);
    }

    @Override
    public void act(ManagerAction action) {
        target.act(action);
    }
}
