package dsms.protocol;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;

/**
 * A replica manager's decision about its replica, for the driver to carry out before it ticks the
 * manager again (so that a probe sent after the decision can only reach the new process).
 *
 * <ul>
 *   <li>{@link Kind#RESTART}: a majority of managers could not reach the replica. The driver kills
 *       the replica's process if it is still there, starts it again with its data directory, and the
 *       replica recovers its own state: {@code Replica.restoreCheckpoint} with its newest stored
 *       checkpoint, then {@code Replica.replay} of every logged entry after it, then the live stream
 *       (and state transfer if the sequencer no longer holds what it lacks).
 *   <li>{@link Kind#REPLACE}: the replica returned wrong results three times in a row. The driver
 *       kills its process, deletes its snapshots and log, starts it with an empty state, and calls
 *       {@code Replica.startStateTransfer()} before its first tick: the new replica takes its state
 *       only from peers.
 * </ul>
 *
 * @param replica the managed replica
 * @param kind what to do with it
 */
public record ManagerAction(NodeId replica, Kind kind) {
    public ManagerAction {
        Checks.check(replica != null && replica.role() == NodeId.Role.REPLICA, "a manager acts on a replica");
        Checks.check(kind != null, "a manager action has a kind");
    }

    public enum Kind {
        RESTART,
        REPLACE
    }
}
