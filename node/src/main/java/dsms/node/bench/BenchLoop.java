package dsms.node.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One thread of a run: a selector over its share of the connections, written like wrk's event
 * loop so that one thread drives tens of thousands of requests per second. Everything here is
 * touched by this thread only, so most counters are plain fields, read by the run after the
 * thread ended; what the run samples while the thread works (the timeline) is volatile or a
 * {@link Recorder}.
 *
 * <p>Closed loop: each connection sends its next request as soon as the previous answer is in.
 * Fixed rate: each connection sends at the times of its {@link SendSchedule}, or at once when it
 * is behind them.
 */
final class BenchLoop implements Runnable {
    /** Latencies above this are recorded as this (the histogram's range). */
    static final long LATENCY_NS_MAX = TimeUnit.SECONDS.toNanos(120);
    /** A connection gives up after this many failed requests or connection attempts in a row. */
    static final int ATTEMPTS_IN_A_ROW_MAX = 5;
    /** The pause before reconnecting grows with each failure in a row, by this much. */
    static final long RECONNECT_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The selector sleeps in whole milliseconds: it waits at most this much longer than the next
     * timer, and the {@link SelectorAlarm} wakes it at the timer's time.
     */
    private static final long ALARM_BACKSTOP_MS = 1;
    private static final long MILLISECOND_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** When the measured part starts, when sending stops, and how long a request may take. */
    record Timing(long measureStartNs, long endNs, long timeoutNs) {}

    private final InetSocketAddress address;
    private final List<BenchConnection> connections;
    private final int operationsPerRequest;
    private final BenchEncoding encoding;
    private final Timing timing;
    /** The fault's window, or null in a run without a fault. */
    private final EventWindow event;
    private final Selector selector;
    private final SelectorAlarm alarm;
    private final ResultScanner.Tally tally = new ResultScanner.Tally();
    /** No timer of any connection is earlier than this; the connections are only scanned once it passes. */
    private long nextTimerNs = Long.MIN_VALUE;
    private int inFlight;

    // The figures of the measured part, read after the thread ended.
    final Histogram latency = new Histogram(LATENCY_NS_MAX, 3);
    /**
     * The same latencies, for the run's timeline to take interval by interval while this thread
     * records; null without a timeline, so a run that does not ask for one pays nothing for it.
     */
    final Recorder intervalLatency;
    // Volatile because the timeline reads them while the run goes on; only this thread writes them,
    // so the read-modify-write of += loses nothing.
    volatile long operations;
    volatile long errors;
    long businessErrors;
    long requests;
    long reconnects;
    int connectionsGaveUp;
    /** The first failure's reason, for the user: errors without a cause are hard to act on. */
    String firstFailure;
    // The operations that belong to the event window (a replica crash), read after the thread ended;
    // the histogram is null in a run without a fault.
    final Histogram eventLatency;
    long eventOperations;
    long eventErrors;

    BenchLoop(InetSocketAddress address, List<BenchConnection> connections, int operationsPerRequest, Timing timing)
            throws IOException {
        this(address, connections, operationsPerRequest, BenchEncoding.JSON, timing, false, null);
    }

    /**
     * A loop that also records its latencies for a timeline when {@code timeline} is set, and
     * tells apart the operations that overlap {@code event} unless it is null.
     */
    BenchLoop(InetSocketAddress address, List<BenchConnection> connections, int operationsPerRequest,
            BenchEncoding encoding, Timing timing, boolean timeline, EventWindow event) throws IOException {
        this.address = address;
        this.connections = connections;
        this.operationsPerRequest = operationsPerRequest;
        this.encoding = encoding;
        this.timing = timing;
        this.event = event;
        this.intervalLatency = timeline ? new Recorder(LATENCY_NS_MAX, 3) : null;
        this.eventLatency = event == null ? null : new Histogram(LATENCY_NS_MAX, 3);
        this.selector = Selector.open();
        this.alarm = new SelectorAlarm(selector, "bench-alarm");
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (IOException e) {
            // Only the selector itself fails this way; every connection's own failure is handled in place.
            noteFailure("the event loop failed: " + e.getMessage());
            failEveryRequestInFlight(System.nanoTime());
        } finally {
            alarm.close();
            for (BenchConnection connection : connections) {
                close(connection);
            }
            try {
                selector.close();
            } catch (IOException e) {
                noteFailure("closing the selector failed: " + e.getMessage());
            }
        }
    }

    private void loop() throws IOException {
        // Requests time out, so nothing is in flight long after this; the bound only guards against a bug.
        long drainEndNs = timing.endNs() + 2 * timing.timeoutNs();
        while (true) {
            long nowNs = System.nanoTime();
            if (nowNs >= nextTimerNs) {
                nextTimerNs = serviceTimers(nowNs);
            }
            if (nowNs >= timing.endNs() && inFlight == 0) {
                break;
            }
            if (nowNs >= drainEndNs) {
                noteFailure(inFlight + " requests were still in flight when the run ended");
                failEveryRequestInFlight(nowNs);
                break;
            }
            long waitNs = nextTimerNs - nowNs;
            if (waitNs <= 0) {
                selector.selectNow(this::onReady);
            } else {
                // Answers are read the moment they arrive; the alarm ends the wait at the next timer.
                alarm.set(nextTimerNs);
                selector.select(this::onReady, waitNs / MILLISECOND_NS + ALARM_BACKSTOP_MS);
            }
        }
        for (BenchConnection connection : connections) {
            if (connection.state == BenchConnection.State.GAVE_UP) {
                // A fixed-rate connection that gave up still owed the requests of its schedule.
                errors += connection.schedule.untakenBetween(timing.measureStartNs(), timing.endNs()) * operationsPerRequest;
                if (event != null && event.started()) {
                    eventErrors += connection.schedule.untakenBetween(Math.max(timing.measureStartNs(), event.startNs()),
                            Math.min(timing.endNs(), event.endNs())) * operationsPerRequest;
                }
            }
        }
    }

    /** The loop stops with requests still unanswered: each counts as failed, with the time it was meant to leave. */
    private void failEveryRequestInFlight(long nowNs) {
        for (BenchConnection connection : connections) {
            if (connection.inFlight()) {
                inFlight--;
                countFailure(connection.intendedNs, nowNs);
            }
        }
    }

    /** Times out, reconnects and sends what is due; returns the earliest timer left. */
    private long serviceTimers(long nowNs) {
        nextTimerNs = nowNs < timing.endNs() ? timing.endNs() : Long.MAX_VALUE;
        for (BenchConnection connection : connections) {
            if (connection.inFlight() && nowNs >= connection.deadlineNs) {
                fail(connection, "no answer within " + TimeUnit.NANOSECONDS.toSeconds(timing.timeoutNs()) + " s", nowNs);
            }
            if (connection.state == BenchConnection.State.BACKOFF && nowNs >= connection.reconnectAtNs) {
                connection.state = BenchConnection.State.DISCONNECTED;
            }
            trySend(connection, nowNs);
            switch (connection.state) {
                case CONNECTING, WRITING, AWAITING -> timer(connection.deadlineNs);
                case BACKOFF -> timer(connection.reconnectAtNs);
                case IDLE, DISCONNECTED -> {
                    if (connection.schedule.isFixedRate()) {
                        timer(connection.schedule.nextIntendedNs());
                    }
                }
                case GAVE_UP -> { }
            }
        }
        return nextTimerNs;
    }

    private void timer(long atNs) {
        nextTimerNs = Math.min(nextTimerNs, atNs);
    }

    /** Sends the connection's next request if it is free and the request is due; opens the connection first if needed. */
    private void trySend(BenchConnection connection, long nowNs) {
        if (connection.state != BenchConnection.State.IDLE && connection.state != BenchConnection.State.DISCONNECTED) {
            return;
        }
        SendSchedule schedule = connection.schedule;
        if (schedule.isFixedRate() ? schedule.nextIntendedNs() >= timing.endNs() : nowNs >= timing.endNs()) {
            return;
        }
        if (schedule.nextIntendedNs() > nowNs) {
            timer(schedule.nextIntendedNs());
            return;
        }
        int variant = (int) (schedule.taken() % connection.requests.length);
        connection.intendedNs = schedule.take(nowNs);
        connection.deadlineNs = nowNs + timing.timeoutNs();
        timer(connection.deadlineNs);
        connection.writing = connection.requests[variant];
        if (connection.state == BenchConnection.State.DISCONNECTED && connection.greeting != null) {
            // A new stream connection says hello first; made on each connection, which is rare.
            ByteBuffer[] greeted = new ByteBuffer[connection.writing.length + 1];
            greeted[0] = connection.greeting;
            System.arraycopy(connection.writing, 0, greeted, 1, connection.writing.length);
            connection.writing = greeted;
        }
        for (ByteBuffer part : connection.writing) {
            part.clear();
        }
        inFlight++;
        if (connection.state == BenchConnection.State.DISCONNECTED) {
            connect(connection, nowNs);
        } else {
            connection.state = BenchConnection.State.WRITING;
            write(connection, nowNs);
        }
    }

    private void connect(BenchConnection connection, long nowNs) {
        connection.state = BenchConnection.State.CONNECTING;
        connection.parser.reset();
        if (connection.everConnected && nowNs >= timing.measureStartNs()) {
            reconnects++;
        }
        connection.everConnected = true;
        try {
            SocketChannel channel = SocketChannel.open();
            connection.channel = channel;
            channel.configureBlocking(false);
            // Requests are written whole; Nagle's algorithm would only hold them back.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            connection.key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
            connection.writeInterest = false;
            if (connected) {
                connection.state = BenchConnection.State.WRITING;
                write(connection, nowNs);
            }
        } catch (IOException e) {
            fail(connection, "cannot connect to " + address + ": " + failureText(e), nowNs);
        }
    }

    private void onReady(SelectionKey key) {
        BenchConnection connection = (BenchConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                try {
                    connection.channel.finishConnect();
                } catch (IOException e) {
                    fail(connection, "cannot connect to " + address + ": " + failureText(e), System.nanoTime());
                    return;
                }
                key.interestOps(SelectionKey.OP_READ);
                connection.state = BenchConnection.State.WRITING;
                write(connection, System.nanoTime());
                return;
            }
            if (key.isWritable() && connection.state == BenchConnection.State.WRITING) {
                write(connection, System.nanoTime());
            }
            if (key.isValid() && key.isReadable()) {
                read(connection);
            }
        } catch (IOException e) {
            fail(connection, failureText(e), System.nanoTime());
        }
    }

    private void write(BenchConnection connection, long nowNs) {
        try {
            connection.channel.write(connection.writing);
        } catch (IOException e) {
            fail(connection, failureText(e), nowNs);
            return;
        }
        boolean more = connection.writing[connection.writing.length - 1].hasRemaining();
        if (more != connection.writeInterest) {
            connection.key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            connection.writeInterest = more;
        }
        if (!more) {
            connection.state = BenchConnection.State.AWAITING;
        }
    }

    private void read(BenchConnection connection) throws IOException {
        ResponseReader parser = connection.parser;
        int count = parser.readFrom(connection.channel);
        if (count < 0) {
            if (parser.endOfStream()) {
                complete(connection);
            } else if (connection.inFlight()) {
                fail(connection, "the front end closed the connection without answering", System.nanoTime());
            } else {
                // The server closed an idle connection (its idle timeout): the next request opens a new one.
                close(connection);
                connection.state = BenchConnection.State.DISCONNECTED;
            }
            return;
        }
        if (count == 0) {
            return;
        }
        if (connection.state != BenchConnection.State.AWAITING && connection.state != BenchConnection.State.WRITING) {
            fail(connection, "the front end sent bytes nobody asked for", System.nanoTime());
            return;
        }
        if (parser.parse()) {
            complete(connection);
        }
    }

    /** A whole response is in: records it and sends the next request if it is due. */
    private void complete(BenchConnection connection) {
        long nowNs = System.nanoTime();
        ResponseReader parser = connection.parser;
        tally.clear();
        if (parser.status() == 200) {
            encoding.scan(parser.bodyArray(), parser.bodyOffset(), parser.bodyLength(), operationsPerRequest, tally);
        }
        if (tally.results() != operationsPerRequest) {
            if (firstFailure == null) {
                noteFailure((encoding == BenchEncoding.STREAM ? "" : "HTTP " + parser.status() + ": ") + bodyExcerpt(parser));
            }
            tally.clear();
            tally.failed = operationsPerRequest;
        }
        record(connection.intendedNs, nowNs);
        inFlight--;
        connection.failuresInARow = 0;
        // An answer that arrived before the request was fully written leaves the connection in an unknown state.
        boolean reusable = !parser.closeAfter() && connection.state == BenchConnection.State.AWAITING;
        parser.consume();
        if (reusable) {
            connection.state = BenchConnection.State.IDLE;
        } else {
            close(connection);
            connection.state = BenchConnection.State.DISCONNECTED;
        }
        trySend(connection, nowNs);
    }

    private void record(long intendedNs, long nowNs) {
        if (intendedNs < timing.measureStartNs()) {
            return;
        }
        requests++;
        int answered = tally.succeeded + tally.businessErrors;
        operations += answered;
        businessErrors += tally.businessErrors;
        errors += tally.failed;
        if (tally.failed > 0 && firstFailure == null) {
            noteFailure("the front end refused " + tally.failed + " of " + operationsPerRequest + " operations of a request");
        }
        long latencyNs = Math.max(0, Math.min(LATENCY_NS_MAX, nowNs - intendedNs));
        if (answered > 0) {
            latency.recordValueWithCount(latencyNs, answered);
            if (intervalLatency != null) {
                intervalLatency.recordValueWithCount(latencyNs, answered);
            }
        }
        if (event != null && event.overlaps(intendedNs, nowNs)) {
            eventOperations += answered;
            eventErrors += tally.failed;
            if (answered > 0) {
                eventLatency.recordValueWithCount(latencyNs, answered);
            }
        }
    }

    /** A measured request failed as a whole: all its operations are errors, in the event too if it overlaps it. */
    private void countFailure(long intendedNs, long nowNs) {
        if (intendedNs < timing.measureStartNs()) {
            return;
        }
        requests++;
        errors += operationsPerRequest;
        if (event != null && event.overlaps(intendedNs, nowNs)) {
            eventErrors += operationsPerRequest;
        }
    }

    /** The request in flight failed (or the connection did): counts it, closes, and backs off or gives up. */
    private void fail(BenchConnection connection, String reason, long nowNs) {
        if (connection.inFlight()) {
            inFlight--;
            countFailure(connection.intendedNs, nowNs);
        }
        noteFailure(reason);
        close(connection);
        connection.failuresInARow++;
        if (connection.failuresInARow >= ATTEMPTS_IN_A_ROW_MAX) {
            connection.state = BenchConnection.State.GAVE_UP;
            connectionsGaveUp++;
        } else {
            connection.state = BenchConnection.State.BACKOFF;
            connection.reconnectAtNs = nowNs + RECONNECT_BACKOFF_NS * connection.failuresInARow;
            timer(connection.reconnectAtNs);
        }
    }

    private static void close(BenchConnection connection) {
        if (connection.key != null) {
            connection.key.cancel();
            connection.key = null;
        }
        if (connection.channel != null) {
            try {
                connection.channel.close();
            } catch (IOException e) {
                // Closing a socket that already failed can fail again; there is nothing left to release.
            }
            connection.channel = null;
        }
    }

    private void noteFailure(String reason) {
        if (firstFailure == null) {
            firstFailure = reason;
        }
    }

    private static String failureText(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String bodyExcerpt(ResponseReader parser) {
        int length = Math.min(parser.bodyLength(), 200);
        return new String(parser.bodyArray(), parser.bodyOffset(), length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
