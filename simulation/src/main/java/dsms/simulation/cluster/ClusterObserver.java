package dsms.simulation.cluster;

import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.RequestOutcome;

/**
 * What checkers see of a run, as it happens: every replica delivery, checkpoint and restart and
 * every front end answer, before anything else reacts to them.
 */
public interface ClusterObserver {
    default void onDelivery(Delivery delivery, long nowNs) {}

    default void onOutcome(RequestOutcome outcome, long nowNs) {}

    /** A replica took or installed a checkpoint (an install moves its state forward to it). */
    default void onCheckpoint(CheckpointEvent event, long nowNs) {}

    /**
     * A new process of the replica started: it restored the checkpoint at {@code
     * checkpointSequence} from its disk (0 when it starts empty), re-executed its logged entries
     * up to {@code lastDeliveredSequence} without reporting them, and delivers from the next
     * sequence on.
     */
    default void onRestart(int replica, long checkpointSequence, long lastDeliveredSequence, long nowNs) {}
}
