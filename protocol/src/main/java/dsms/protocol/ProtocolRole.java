package dsms.protocol;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;

/**
 * A protocol role as a pure state machine: input in, effects out, no I/O.
 *
 * <p>A role never touches sockets, threads, clocks, files or random numbers, so that a UDP driver
 * and a deterministic single-threaded simulator run the same code, and a failure found by the
 * simulator replays from its seed.
 *
 * <p>The driver's contract:
 *
 * <ul>
 *   <li>Call a role from one thread only.
 *   <li>Call {@link #onTick} once before the first message, then after each burst of received
 *       messages (a tick is "the end of a burst": batched output such as new sequencer entries and
 *       replica acknowledgements leaves then), and periodically while idle, at least as often as
 *       the role's shortest timer so that timers fire on time.
 *   <li>{@code nowNs} never decreases from one tick to the next. Roles remember the latest value
 *       and use it as "now" for the messages that follow.
 *   <li>Hand every message that passed the codec's checks to {@link #onMessage}, whatever its
 *       type: roles ignore and count messages that are not meant for them. Loss, duplication,
 *       reordering and stale messages are normal input.
 *   <li>Carry out, after each call, every effect the role put in the {@link Outbox}.
 * </ul>
 */
public interface ProtocolRole {

    /** This role's node identity; the driver uses it as the sender of everything it sends. */
    NodeId id();

    /**
     * Handles one authenticated message.
     *
     * @param from the sender, taken from the authenticated datagram header
     * @param message the decoded message
     * @param outbox where the role puts the effects of handling it
     */
    void onMessage(NodeId from, Message message, Outbox outbox);

    /**
     * Advances the role's clock, fires due timers and flushes batched output.
     *
     * @param nowNs the driver's monotonic clock in nanoseconds; never less than the previous tick's
     * @param outbox where the role puts the effects
     */
    void onTick(long nowNs, Outbox outbox);
}
