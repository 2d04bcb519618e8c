package dsms.simulation.cluster;

import dsms.protocol.Delivery;
import dsms.protocol.RequestOutcome;

/**
 * What checkers see of a run, as it happens: every replica delivery and every front end answer,
 * before anything else reacts to them.
 */
public interface ClusterObserver {
    default void onDelivery(Delivery delivery, long nowNs) {}

    default void onOutcome(RequestOutcome outcome, long nowNs) {}
}
