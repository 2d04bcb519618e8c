package dsms.simulation.cluster;

import dsms.protocol.ProtocolRole;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.RejectionCounters;
import dsms.protocol.message.NodeId;
import dsms.simulation.network.SimulatedNetwork;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One process of the simulated cluster: a protocol role with its own codec (it encodes what it
 * sends and decodes what it receives, as a real process does), its tick rhythm, and its status.
 */
final class SimulatedNode {
    /** Datagrams a paused node's socket holds; more are dropped, as a full UDP receive buffer does. */
    static final int SOCKET_BUFFER_DATAGRAMS_MAX = 1024;

    private ProtocolRole role;
    private final DatagramCodec codec;
    private final long tickIntervalNs;
    private final ByteBuffer encodingBuffer;
    private final RejectionCounters rejections = new RejectionCounters();
    private final ArrayDeque<SimulatedNetwork.Delivery> socketBuffer = new ArrayDeque<>();
    private final NodeOutbox outbox;
    private NodeStatus status = NodeStatus.UP;
    private boolean afterBurstTickPending;
    private boolean periodicTickPending;
    private long socketBufferOverflows;

    SimulatedNode(ProtocolRole role, DatagramCodec codec, long tickIntervalNs, NodeOutbox.Effects effects) {
        this.role = role;
        this.codec = codec;
        this.tickIntervalNs = tickIntervalNs;
        this.encodingBuffer = ByteBuffer.allocate(codec.datagramBytesMax());
        this.outbox = new NodeOutbox(this, effects);
    }

    NodeId id() {
        return role.id();
    }

    ProtocolRole role() {
        return role;
    }

    /** A new process of the same node (a restarted or replaced replica) takes over its address. */
    void replaceRole(ProtocolRole newRole) {
        this.role = newRole;
    }

    DatagramCodec codec() {
        return codec;
    }

    long tickIntervalNs() {
        return tickIntervalNs;
    }

    ByteBuffer encodingBuffer() {
        return encodingBuffer;
    }

    RejectionCounters rejections() {
        return rejections;
    }

    NodeOutbox outbox() {
        return outbox;
    }

    NodeStatus status() {
        return status;
    }

    void setStatus(NodeStatus status) {
        this.status = status;
    }

    /** Keeps a datagram for after the pause; tells whether the socket buffer had room. */
    boolean buffer(SimulatedNetwork.Delivery delivery) {
        if (socketBuffer.size() >= SOCKET_BUFFER_DATAGRAMS_MAX) {
            socketBufferOverflows++;
            return false;
        }
        socketBuffer.addLast(delivery);
        return true;
    }

    /** The datagram that waited longest in the socket buffer, or null when it is empty. */
    SimulatedNetwork.Delivery takeBuffered() {
        return socketBuffer.pollFirst();
    }

    void discardBuffered() {
        socketBuffer.clear();
    }

    long socketBufferOverflows() {
        return socketBufferOverflows;
    }

    /** Marks that an after-burst tick is scheduled; tells whether one already was. */
    boolean claimAfterBurstTick() {
        boolean alreadyPending = afterBurstTickPending;
        afterBurstTickPending = true;
        return !alreadyPending;
    }

    void releaseAfterBurstTick() {
        afterBurstTickPending = false;
    }

    /**
     * Marks that a periodic tick is scheduled; tells whether none was. A crashed node's chain of
     * periodic ticks ends, and a restart starts it again only if it did end: one chain per node.
     */
    boolean claimPeriodicTick() {
        boolean alreadyPending = periodicTickPending;
        periodicTickPending = true;
        return !alreadyPending;
    }

    void releasePeriodicTick() {
        periodicTickPending = false;
    }
}
