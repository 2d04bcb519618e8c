package dsms.node.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of a run: one buyer on one persistent connection (HTTP/1.1 or the stream protocol)
 * with at most one request in flight (no pipelining), so its operations run one request after another and its buy-sell
 * alternation stays in step with what it holds. Owned and driven by one {@link BenchLoop}.
 */
final class BenchConnection {
    enum State {
        /** No connection; the next request opens one. */
        DISCONNECTED,
        /** A request waits for the connection to open. */
        CONNECTING,
        /** A request is being written (the socket buffer was full). */
        WRITING,
        /** A request is written; its response has not fully arrived. */
        AWAITING,
        /** Connected with nothing in flight: a fixed-rate connection waiting for its next send time. */
        IDLE,
        /** Failed; waits a little before the next request opens a new connection. */
        BACKOFF,
        /** Failed {@link BenchLoop#ATTEMPTS_IN_A_ROW_MAX} times in a row; sends nothing more. */
        GAVE_UP
    }

    /**
     * The prebuilt requests, one per variant of the workload, each as its head and its body
     * (shared with the other connections), in direct buffers the socket writes without a copy.
     */
    final ByteBuffer[][] requests;
    final SendSchedule schedule;
    final ResponseReader parser;
    /**
     * What a new connection writes before its first request (the stream protocol's hello with the
     * client's key), or null over HTTP.
     */
    final ByteBuffer greeting;
    State state = State.DISCONNECTED;
    SocketChannel channel;
    SelectionKey key;
    /** The request being written: its head and its body. */
    ByteBuffer[] writing;
    /** Whether the key asks for OP_WRITE, kept here so the hot path changes interest only when needed. */
    boolean writeInterest;
    /** When the request in flight was meant to leave: its latency counts from here. */
    long intendedNs;
    /** When the request in flight (or the connection attempt) times out. */
    long deadlineNs;
    long reconnectAtNs;
    /** Failed requests and attempts since the last answer; bounded by {@link BenchLoop#ATTEMPTS_IN_A_ROW_MAX}. */
    int failuresInARow;
    /** Whether a connection was ever opened, so that later openings count as reconnections. */
    boolean everConnected;

    BenchConnection(ByteBuffer[][] requests, SendSchedule schedule) {
        this(requests, schedule, new HttpResponseParser(), null);
    }

    BenchConnection(ByteBuffer[][] requests, SendSchedule schedule, ResponseReader parser, ByteBuffer greeting) {
        this.requests = requests;
        this.schedule = schedule;
        this.parser = parser;
        this.greeting = greeting;
    }

    boolean inFlight() {
        return state == State.CONNECTING || state == State.WRITING || state == State.AWAITING;
    }
}
