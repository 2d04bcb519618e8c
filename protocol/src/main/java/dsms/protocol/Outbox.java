package dsms.protocol;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;

/**
 * Where a role puts its effects, as data. The driver carries them out: it encodes and sends
 * messages, answers clients with outcomes, and hands deliveries to whoever checks or records them.
 *
 * <p>A role only produces the effects of its kind: every role sends messages, only a front end
 * completes requests, only a replica reports deliveries and checkpoints, only a replica manager
 * acts. Arrays inside effects are shared with the role, not copied: drivers read them and never
 * modify them.
 *
 * <p>The effects that only one kind of role produces have default implementations that drop them,
 * so that an outbox for the other roles need not mention them; a driver that runs a replica must
 * override {@link #checkpointed}, and one that runs a replica manager must override {@link #act}.
 *
 * <p>Effects come in the order they must take effect. A replica reports a delivery before it
 * sends that delivery's result, so a durable driver can append the entry to its log and hold back
 * the sends that follow until the log is on disk.
 */
public interface Outbox {

    /** Sends one message to one node; the transport may lose, duplicate or reorder it. */
    void send(NodeId to, Message message);

    /** A front end finished answering one client request (emitted once per accepted submit). */
    void complete(RequestOutcome outcome);

    /** A replica delivered one ordered entry to its service, or answered it from its table. */
    void delivered(Delivery delivery);

    /** A replica took or installed a checkpoint; a durable driver saves it. */
    default void checkpointed(CheckpointEvent event) {}

    /** A replica manager decided to restart or replace its replica; the driver carries it out. */
    default void act(ManagerAction action) {}
}
