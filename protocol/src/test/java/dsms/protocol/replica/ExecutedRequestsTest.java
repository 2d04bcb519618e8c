package dsms.protocol.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.protocol.RequestIndex;
import dsms.protocol.message.RequestId;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExecutedRequestsTest {
    private static final long SEED = 0x5EED_7AB1EL;
    private static final byte[] SNAPSHOT = {4, 2};

    @Test
    void shouldFindARememberedExecutionWithItsSequenceAndACopyOfItsResult() {
        ExecutedRequests table = new ExecutedRequests(4);
        byte[] result = {1, 2, 3};

        ExecutedRequests.Execution recorded = table.record(new RequestId(7, 1), 10, result);
        result[0] = 99;

        assertThat(recorded.result()).as("record returns the caller's array").isSameAs(result);
        ExecutedRequests.Execution found = table.find(new RequestId(7, 1)).orElseThrow();
        assertThat(found.sequence()).isEqualTo(10);
        assertThat(found.result()).as("the table kept a copy as it was recorded").containsExactly(1, 2, 3);
        assertThat(table.find(new RequestId(7, 2))).isEmpty();
        assertThat(table.find(new RequestId(8, 1))).isEmpty();
    }

    @Test
    void shouldForgetTheOldestExecutionOnceTheBoundIsExceeded() {
        ExecutedRequests table = new ExecutedRequests(3);
        for (int counter = 1; counter <= 5; counter++) {
            table.record(new RequestId(1, counter), counter, new byte[counter]);
        }

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.find(new RequestId(1, 1))).isEmpty();
        assertThat(table.find(new RequestId(1, 2))).isEmpty();
        assertThat(table.find(new RequestId(1, 3))).hasValueSatisfying(execution -> assertThat(execution.sequence()).isEqualTo(3));
        assertThat(table.resultBytesTotal()).isEqualTo(3 + 4 + 5);
        assertThat(table.lastRecordedSequence()).isEqualTo(5);
    }

    @Test
    void shouldRefuseARequestWhileItIsRememberedEvenWhenItIsTheOldest() {
        ExecutedRequests table = new ExecutedRequests(2);
        table.record(new RequestId(1, 1), 1, new byte[] {1});
        table.record(new RequestId(1, 2), 2, new byte[] {2});

        assertThatThrownBy(() -> table.record(new RequestId(1, 1), 3, new byte[] {3}))
                .isInstanceOf(InvariantViolation.class);
        assertThat(table.size()).as("a refused record changes nothing").isEqualTo(2);
        assertThat(table.find(new RequestId(1, 1)).orElseThrow().result()).containsExactly(1);
    }

    @Test
    void shouldRecordARequestAgainOnceItWasForgotten() {
        ExecutedRequests table = new ExecutedRequests(1);
        table.record(new RequestId(1, 1), 1, new byte[] {1});
        table.record(new RequestId(1, 2), 2, new byte[] {2});

        table.record(new RequestId(1, 1), 3, new byte[] {3});

        assertThat(table.find(new RequestId(1, 1)).orElseThrow().sequence()).isEqualTo(3);
        assertThat(table.find(new RequestId(1, 2))).isEmpty();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseASequenceThatDoesNotIncrease() {
        ExecutedRequests table = new ExecutedRequests(4);
        table.record(new RequestId(1, 1), 5, new byte[0]);

        assertThatThrownBy(() -> table.record(new RequestId(1, 2), 5, new byte[0])).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> table.record(new RequestId(1, 2), 4, new byte[0])).isInstanceOf(InvariantViolation.class);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldKeepAnExecutionWhoseFieldsWrapAroundTheRingsEnd() {
        // A 100-byte ring with two executions of 48 bytes each: the third starts at byte 96 once
        // the first is forgotten, so its client ID straddles the ring's end.
        ExecutedRequests table = new ExecutedRequests(2, 100);
        LinkedHashMap<RequestId, Model> model = new LinkedHashMap<>();
        for (int counter = 1; counter <= 7; counter++) {
            byte[] result = filled(20, counter);
            RequestId requestId = new RequestId(-counter, Long.MAX_VALUE - counter);
            table.record(requestId, counter, result);
            remember(model, 2, requestId, new Model(counter, result));

            assertThat(table.ringBytes()).as("the ring is never resized").isEqualTo(100);
            assertThat(table.find(requestId).orElseThrow().result()).isEqualTo(result);
            assertThat(CheckpointFormat.encode(counter, table, SNAPSHOT))
                    .isEqualTo(expectedCheckpoint(counter, counter, model, SNAPSHOT));
        }
    }

    @Test
    void shouldGrowTheRingForLargeResultsAndShrinkItOnceTheyAreForgotten() {
        ExecutedRequests table = new ExecutedRequests(8);
        long sequence = 0;
        for (int index = 0; index < 3; index++) {
            table.record(new RequestId(1, ++sequence), sequence, filled(600_000, index));
        }
        assertThat(table.ringBytes()).isEqualTo(2 * ExecutedRequests.RING_BYTES_INITIAL);

        for (int index = 0; index < 8; index++) {
            table.record(new RequestId(1, ++sequence), sequence, filled(100, index));
        }

        assertThat(table.ringBytes()).as("back to its initial capacity, and never below").isEqualTo(ExecutedRequests.RING_BYTES_INITIAL);
        assertThat(table.find(new RequestId(1, sequence)).orElseThrow().result()).isEqualTo(filled(100, 7));
    }

    @Test
    void shouldFindEveryRememberedRequestAfterTheIndexGrewAndForgotMany() {
        int requestsMax = 5_000;
        ExecutedRequests table = new ExecutedRequests(requestsMax);
        LinkedHashMap<RequestId, Model> model = new LinkedHashMap<>();
        List<RequestId> all = new ArrayList<>();
        long sequence = 0;
        // Consecutive counters of a few clients, as front ends number them: the hash must spread them.
        for (int counter = 0; counter < 5_000; counter++) {
            for (long clientId = 0; clientId < 4; clientId++) {
                RequestId requestId = new RequestId(clientId, counter);
                byte[] result = filled((int) (sequence % 50), (int) sequence);
                table.record(requestId, ++sequence, result);
                remember(model, requestsMax, requestId, new Model(sequence, result));
                all.add(requestId);
            }
        }

        for (RequestId requestId : all) {
            Model expected = model.get(requestId);
            if (expected == null) {
                assertThat(table.find(requestId)).as("forgotten %s", requestId).isEmpty();
            } else {
                ExecutedRequests.Execution found = table.find(requestId).orElseThrow();
                assertThat(found.sequence()).as("sequence of %s", requestId).isEqualTo(expected.sequence());
                assertThat(found.result()).as("result of %s", requestId).isEqualTo(expected.result());
            }
        }
        assertThat(table.size()).isEqualTo(requestsMax);
        assertThat(CheckpointFormat.encode(sequence, table, SNAPSHOT))
                .isEqualTo(expectedCheckpoint(sequence, sequence, model, SNAPSHOT));
    }

    /**
     * Thousands of random records (some refused), finds and evictions against a linked map that
     * forgets its eldest the same way. The ring starts tiny, so executions wrap around its end all
     * the time, and bursts of large results make it grow and later shrink.
     */
    @Test
    void shouldAgreeWithAReferenceModelThroughRandomRecordsFindsAndEvictions() {
        int requestsMax = 48;
        int ringBytesInitial = 4_096;
        SplittableRandom random = new SplittableRandom(SEED);
        ExecutedRequests table = new ExecutedRequests(requestsMax, ringBytesInitial);
        LinkedHashMap<RequestId, Model> model = new LinkedHashMap<>();
        ArrayDeque<RequestId> forgotten = new ArrayDeque<>();
        long[] clientIds = {Long.MIN_VALUE, -2, -1, 0, 1, 2, 3, Long.MAX_VALUE};
        long sequence = 0;
        int largeResultsLeft = 0;
        int ringBytesLargest = ringBytesInitial;
        boolean shrank = false;
        for (int step = 0; step < 6_000; step++) {
            String context = String.format("seed %d, step %d", SEED, step);
            int kind = random.nextInt(100);
            if (kind < 5 && !model.isEmpty()) {
                RequestId present = randomKey(random, model);
                long next = sequence + 1;
                assertThatThrownBy(() -> table.record(present, next, new byte[1]))
                        .as("%s: %s is remembered", context, present)
                        .isInstanceOf(InvariantViolation.class);
            } else if (kind < 8 && sequence > 0) {
                long stale = sequence - random.nextLong(Math.min(sequence, 3));
                RequestId fresh = freshId(random, clientIds, model);
                assertThatThrownBy(() -> table.record(fresh, stale, new byte[1]))
                        .as("%s: sequence %d after %d", context, stale, sequence)
                        .isInstanceOf(InvariantViolation.class);
            } else if (kind < 90) {
                if (largeResultsLeft == 0 && random.nextInt(400) == 0) {
                    largeResultsLeft = 6;
                }
                int resultBytes;
                if (largeResultsLeft > 0) {
                    largeResultsLeft--;
                    resultBytes = 20_000 + random.nextInt(40_000);
                } else {
                    resultBytes = random.nextInt(8) == 0 ? random.nextInt(3_000) : random.nextInt(300);
                }
                byte[] result = new byte[resultBytes];
                random.nextBytes(result);
                RequestId requestId = freshId(random, clientIds, model);
                sequence += 1 + random.nextInt(3);
                table.record(requestId, sequence, result.clone());
                RequestId eldest = remember(model, requestsMax, requestId, new Model(sequence, result));
                if (eldest != null) {
                    forgotten.addLast(eldest);
                    if (forgotten.size() > 64) {
                        forgotten.removeFirst();
                    }
                }
            }
            shrank |= table.ringBytes() < ringBytesLargest;
            ringBytesLargest = Math.max(ringBytesLargest, table.ringBytes());
            assertAgrees(context, table, model, forgotten, sequence);
        }
        assertThat(ringBytesLargest).as("seed %d: large results made the ring grow", SEED).isGreaterThanOrEqualTo(16 * ringBytesInitial);
        assertThat(shrank).as("seed %d: the ring shrank once they were forgotten", SEED).isTrue();
    }

    /**
     * A checkpoint copies the table a slice at a time while the table goes on recording, on a tiny
     * ring so that new executions wrap onto forgotten ones the copy still needs and bursts of large
     * results resize the ring: every copy must still hold exactly the executions remembered when
     * it started.
     */
    @Test
    void shouldCopyTheExecutionsRememberedAtTheStartWhileTheTableGoesOnRecording() {
        int requestsMax = 48;
        SplittableRandom random = new SplittableRandom(SEED);
        ExecutedRequests table = new ExecutedRequests(requestsMax, 4_096);
        LinkedHashMap<RequestId, Model> model = new LinkedHashMap<>();
        long[] clientIds = {-1, 0, 1, 2, 3};
        long sequence = 0;
        CheckpointFormat.Capture capture = null;
        byte[] expected = null;
        int doneBySlices = 0;
        int doneBeforeAWrite = 0;
        for (int step = 0; step < 20_000; step++) {
            String context = String.format("seed %d, step %d", SEED, step);
            if (capture == null && random.nextInt(20) == 0) {
                capture = CheckpointFormat.capture(sequence, table, SNAPSHOT);
                expected = expectedCheckpoint(sequence, sequence, model, SNAPSHOT);
            } else if (capture != null && random.nextInt(3) == 0) {
                if (capture.executions().advance(1 + random.nextInt(600))) {
                    doneBySlices++;
                }
            } else {
                boolean burst = random.nextInt(300) == 0;
                byte[] result = filled(burst ? 20_000 + random.nextInt(20_000) : random.nextInt(400), step);
                RequestId requestId = freshId(random, clientIds, model);
                sequence += 1 + random.nextInt(3);
                boolean wasDone = capture == null || capture.executions().isDone();
                table.record(requestId, sequence, result);
                remember(model, requestsMax, requestId, new Model(sequence, result));
                if (!wasDone && capture.executions().isDone()) {
                    doneBeforeAWrite++;
                }
            }
            if (capture != null && capture.executions().isDone()) {
                assertThat(capture.bytes()).as("%s: the copied checkpoint", context).isEqualTo(expected);
                capture = null;
            }
        }
        assertThat(doneBySlices).as("copies finished slice by slice").isGreaterThan(50);
        assertThat(doneBeforeAWrite).as("copies finished before a write could overwrite their bytes").isGreaterThan(50);
    }

    @Test
    void shouldEncodeTheSameBytesAfterARestoreAndGoOnAlike() {
        SplittableRandom random = new SplittableRandom(SEED);
        ExecutedRequests original = new ExecutedRequests(64, 512);
        long sequence = 0;
        for (int index = 0; index < 1_000; index++) {
            sequence += 1 + random.nextInt(2);
            original.record(new RequestId(random.nextInt(4), index), sequence, filled(random.nextInt(200), index));
        }
        byte[] bytes = CheckpointFormat.encode(sequence + 5, original, SNAPSHOT);
        CheckpointFormat.Contents contents = CheckpointFormat.decode(bytes, 64).orElseThrow();

        ExecutedRequests restored = new ExecutedRequests(64);
        restored.record(new RequestId(99, 99), 1, new byte[] {1});
        restored.restore(contents.executions(), contents.lastRecordedSequence());

        assertThat(CheckpointFormat.encode(sequence + 5, restored, SNAPSHOT)).as("seed %d", SEED).isEqualTo(bytes);
        assertThat(restored.find(new RequestId(99, 99))).as("the table before the restore is gone").isEmpty();
        for (int index = 1_000; index < 1_100; index++) {
            sequence += 6;
            RequestId requestId = new RequestId(random.nextInt(4), index);
            byte[] result = filled(random.nextInt(200), index);
            original.record(requestId, sequence, result);
            restored.record(requestId, sequence, result);
        }
        assertThat(CheckpointFormat.encode(sequence, restored, SNAPSHOT))
                .as("seed %d: a restored table forgets and records as the original does", SEED)
                .isEqualTo(CheckpointFormat.encode(sequence, original, SNAPSHOT));
        assertThat(restored.resultBytesTotal()).isEqualTo(original.resultBytesTotal());
    }

    @Test
    void shouldSizeARestoredIndexForTheSlotsItsExecutionsTakeNotOnePerExecution() {
        ExecutedRequests consecutive = new ExecutedRequests(65_536);
        List<ExecutedRequests.Recorded> counters = new ArrayList<>();
        for (int counter = 1; counter <= 65_536; counter++) {
            counters.add(recorded(counter, counter));
        }
        consecutive.restore(counters, 65_536);
        // 8,193 groups (counters 1 to 65,536 start and end mid-group), at most half of the slots.
        assertThat(consecutive.indexSlots()).isEqualTo(RequestIndex.slotsFor(8_193));

        ExecutedRequests scattered = new ExecutedRequests(65_536);
        List<ExecutedRequests.Recorded> clients = new ArrayList<>();
        for (int client = 1; client <= 5_000; client++) {
            clients.add(new ExecutedRequests.Recorded(
                    new RequestId(client, 0), new ExecutedRequests.Execution(client, new byte[0])));
        }
        scattered.restore(clients, 5_000);
        assertThat(scattered.indexSlots()).as("a slot each").isEqualTo(RequestIndex.slotsFor(5_000));
        assertThat(scattered.find(new RequestId(4_321, 0))).isPresent();
        assertThat(consecutive.find(new RequestId(1, 65_536))).isPresent();
    }

    @Test
    void shouldRefuseARestoreWithTooManyExecutionsOrARepeatedRequest() {
        ExecutedRequests table = new ExecutedRequests(2);
        ExecutedRequests.Recorded first = recorded(1, 1);
        ExecutedRequests.Recorded second = recorded(2, 2);

        assertThatThrownBy(() -> table.restore(List.of(first, second, recorded(3, 3)), 3))
                .isInstanceOf(InvariantViolation.class);
        ExecutedRequests.Recorded again = new ExecutedRequests.Recorded(
                first.requestId(), new ExecutedRequests.Execution(2, new byte[0]));
        assertThatThrownBy(() -> table.restore(List.of(first, again), 2)).isInstanceOf(InvariantViolation.class);
    }

    private static ExecutedRequests.Recorded recorded(long counter, long sequence) {
        return new ExecutedRequests.Recorded(new RequestId(1, counter), new ExecutedRequests.Execution(sequence, new byte[0]));
    }

    private static void assertAgrees(
            String context, ExecutedRequests table, LinkedHashMap<RequestId, Model> model,
            ArrayDeque<RequestId> forgotten, long lastRecordedSequence) {
        assertThat(table.size()).as("%s: size", context).isEqualTo(model.size());
        assertThat(table.lastRecordedSequence()).as("%s: last recorded", context).isEqualTo(lastRecordedSequence);
        long resultBytesTotal = 0;
        for (Map.Entry<RequestId, Model> entry : model.entrySet()) {
            ExecutedRequests.Execution found = table.find(entry.getKey())
                    .orElseThrow(() -> new AssertionError(context + ": " + entry.getKey() + " is remembered"));
            assertThat(found.sequence()).as("%s: sequence of %s", context, entry.getKey()).isEqualTo(entry.getValue().sequence());
            assertThat(found.result()).as("%s: result of %s", context, entry.getKey()).isEqualTo(entry.getValue().result());
            resultBytesTotal += entry.getValue().result().length;
        }
        for (RequestId requestId : forgotten) {
            if (!model.containsKey(requestId)) {
                assertThat(table.find(requestId)).as("%s: %s was forgotten", context, requestId).isEmpty();
            }
        }
        assertThat(table.resultBytesTotal()).as("%s: result bytes", context).isEqualTo(resultBytesTotal);
        long checkpointSequence = lastRecordedSequence + 3;
        assertThat(CheckpointFormat.encode(checkpointSequence, table, SNAPSHOT))
                .as("%s: checkpoint bytes", context)
                .isEqualTo(expectedCheckpoint(checkpointSequence, lastRecordedSequence, model, SNAPSHOT));
    }

    /** Records in the model as the table did before it was compact; returns the forgotten eldest, if any. */
    private static RequestId remember(LinkedHashMap<RequestId, Model> model, int requestsMax, RequestId requestId, Model execution) {
        model.put(requestId, execution);
        if (model.size() <= requestsMax) {
            return null;
        }
        Iterator<RequestId> eldest = model.keySet().iterator();
        RequestId forgotten = eldest.next();
        eldest.remove();
        return forgotten;
    }

    /** The checkpoint as the encoder wrote it execution by execution from a map, oldest first. */
    static byte[] expectedCheckpoint(long sequence, long lastRecordedSequence, Map<RequestId, Model> model, byte[] snapshot) {
        int length = 4 + 1 + 8 + 8 + 4 + 4 + snapshot.length;
        for (Model execution : model.values()) {
            length += 8 + 8 + 8 + 4 + execution.result().length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.putInt(0x44534350).put((byte) 1).putLong(sequence).putLong(lastRecordedSequence).putInt(model.size());
        model.forEach((requestId, execution) -> {
            out.putLong(requestId.clientId()).putLong(requestId.counter()).putLong(execution.sequence());
            out.putInt(execution.result().length).put(execution.result());
        });
        out.putInt(snapshot.length).put(snapshot);
        assertThat(out.hasRemaining()).isFalse();
        return out.array();
    }

    private static RequestId freshId(SplittableRandom random, long[] clientIds, Map<RequestId, Model> model) {
        while (true) {
            RequestId candidate = new RequestId(clientIds[random.nextInt(clientIds.length)], random.nextInt(400));
            if (!model.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    private static RequestId randomKey(SplittableRandom random, LinkedHashMap<RequestId, Model> model) {
        int skip = random.nextInt(model.size());
        Iterator<RequestId> keys = model.keySet().iterator();
        for (int index = 0; index < skip; index++) {
            keys.next();
        }
        return keys.next();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** The reference model's execution. */
    record Model(long sequence, byte[] result) {}
}
