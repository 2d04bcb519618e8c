package dsms.simulation.fault;

import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;

/**
 * A protocol moment at which a replica dies, for the crash table's "killed before responding",
 * "terminated in mid-execution" and "killed after sending a partial result".
 */
public sealed interface CrashPoint {

    /** The replica index that dies. */
    int replica();

    /** The request whose handling the crash interrupts. */
    RequestId requestId();

    String describe();

    /** The sequencer's batch with the request arrives; the replica dies before reading it. */
    record BeforeDelivering(int replica, RequestId requestId) implements CrashPoint {
        @Override
        public String describe() {
            return NodeId.replica(replica) + " dies before delivering " + requestId;
        }
    }

    /**
     * The replica executes the request and dies before its result leaves: the execution happened,
     * nobody heard of it.
     */
    record AfterExecuting(int replica, RequestId requestId) implements CrashPoint {
        @Override
        public String describe() {
            return NodeId.replica(replica) + " dies after executing " + requestId;
        }
    }

    /** The replica sends the first chunk of a result of several chunks, then dies. */
    record AfterFirstResultChunk(int replica, RequestId requestId) implements CrashPoint {
        @Override
        public String describe() {
            return NodeId.replica(replica) + " dies after the first result chunk of " + requestId;
        }
    }
}
