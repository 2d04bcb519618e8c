package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.message.RequestId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The exactly-once table: recently executed request IDs with the sequence number they were
 * executed at and their result.
 *
 * <p>It is part of the replicated state: every correct replica holds the same table after the
 * same entries, because requests are recorded in sequence order and the oldest sequence number is
 * forgotten first once {@code requestsMax} is exceeded. That is why the table lives in one class:
 * state transfer will snapshot it together with the service.
 */
public final class ExecutedRequests {
    private final int requestsMax;
    private final LinkedHashMap<RequestId, Execution> executions;
    private long lastRecordedSequence;
    /** The length of every remembered result together, so a checkpoint knows its size in one step. */
    private long resultBytesTotal;

    public ExecutedRequests(int requestsMax) {
        Checks.check(requestsMax >= 1, "executed requests bound %d is positive", requestsMax);
        this.requestsMax = requestsMax;
        this.executions = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<RequestId, Execution> eldest) {
                if (size() <= ExecutedRequests.this.requestsMax) {
                    return false;
                }
                resultBytesTotal -= eldest.getValue().result().length;
                return true;
            }
        };
    }

    /** The execution of {@code requestId}, if it is still remembered. */
    public Optional<Execution> find(RequestId requestId) {
        return Optional.ofNullable(executions.get(requestId));
    }

    public int size() {
        return executions.size();
    }

    /** Records a new execution; executions come in increasing sequence order, each ID once. */
    Execution record(RequestId requestId, long sequence, byte[] result) {
        Checks.check(sequence > lastRecordedSequence, "execution %d follows %d", sequence, lastRecordedSequence);
        Execution execution = new Execution(sequence, result);
        resultBytesTotal += result.length;
        Execution previous = executions.put(requestId, execution);
        Checks.check(previous == null, "request %s is executed only once while remembered", requestId);
        lastRecordedSequence = sequence;
        return execution;
    }

    /** The sequence number of the latest recorded execution; 0 before the first. */
    long lastRecordedSequence() {
        return lastRecordedSequence;
    }

    public int requestsMax() {
        return requestsMax;
    }

    /** The length of every remembered result together. */
    long resultBytesTotal() {
        return resultBytesTotal;
    }

    /**
     * Visits every remembered execution, oldest first: the canonical order, in which the oldest is
     * also the next to be forgotten, so a checkpoint that keeps it restores the same future. A
     * checkpoint writes the table straight from here: a copy of 65,536 executions as a list, on
     * every checkpoint, cost more than writing them.
     */
    void forEachInOrder(BiConsumer<RequestId, Execution> visitor) {
        executions.forEach(visitor);
    }

    /**
     * Replaces the whole table by {@code recorded}, oldest first, as a checkpoint holds it. The
     * caller has checked that the executions are in increasing sequence order, each request ID
     * once, at most {@code requestsMax} of them, none after {@code lastRecordedSequence}.
     */
    void restore(List<Recorded> recorded, long lastRecordedSequence) {
        Checks.check(recorded.size() <= requestsMax, "a restored table holds at most %d executions", requestsMax);
        executions.clear();
        resultBytesTotal = 0;
        for (Recorded entry : recorded) {
            executions.put(entry.requestId(), entry.execution());
            resultBytesTotal += entry.execution().result().length;
        }
        Checks.check(executions.size() == recorded.size(), "a restored table holds each request ID once");
        this.lastRecordedSequence = lastRecordedSequence;
    }

    /** One execution with its request ID, as checkpoints carry the table. */
    record Recorded(RequestId requestId, Execution execution) {}

    /**
     * One remembered execution.
     *
     * @param sequence the sequence number at which the request was executed
     * @param result the canonical result bytes the service returned
     */
    public record Execution(long sequence, byte[] result) {}
}
