package dsms.simulation.cluster;

import dsms.protocol.message.NodeId;
import dsms.simulation.fault.Fault;
import dsms.simulation.network.SimulatedNetwork;

/** What the simulator's agenda holds: everything that happens at a simulated instant. */
sealed interface SimulationEvent {

    /** A datagram reaches its destination's socket. */
    record DatagramArrival(SimulatedNetwork.Delivery delivery) implements SimulationEvent {}

    /** A node's tick: periodic, or right after a burst of datagrams handled at one instant. */
    record NodeTick(NodeId node, TickReason reason) implements SimulationEvent {}

    /** A client's timer: think time over, or time to retry. */
    record ClientWakeUp(int client) implements SimulationEvent {}

    /** A planned fault is due. */
    record FaultDue(Fault fault) implements SimulationEvent {}

    enum TickReason {
        /** The node's own rhythm, as a driver ticks while idle. */
        PERIODIC,
        /** The end of a burst of received datagrams, when batched output leaves. */
        AFTER_BURST
    }
}
