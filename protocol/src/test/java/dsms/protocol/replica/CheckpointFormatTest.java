package dsms.protocol.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import dsms.protocol.message.RequestId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {
    private static final long SEED = 0xC0FFEE;

    private static ExecutedRequests table(int executions) {
        ExecutedRequests executed = new ExecutedRequests(100);
        for (int index = 1; index <= executions; index++) {
            executed.record(new RequestId(-index, index), 10L * index, ("result " + index).getBytes(StandardCharsets.UTF_8));
        }
        return executed;
    }

    @Test
    void shouldDecodeWhatItEncodesWithTheTableInItsOrder() {
        byte[] snapshot = "the service state".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = CheckpointFormat.encode(64, table(5), snapshot);

        CheckpointFormat.Contents contents = CheckpointFormat.decode(bytes, 100).orElseThrow();

        assertThat(contents.sequence()).isEqualTo(64);
        assertThat(contents.lastRecordedSequence()).isEqualTo(50);
        assertThat(contents.snapshot()).isEqualTo(snapshot);
        assertThat(contents.executions())
                .extracting(recorded -> recorded.requestId().counter(), recorded -> recorded.execution().sequence())
                .containsExactly(
                        tuple(1L, 10L),
                        tuple(2L, 20L),
                        tuple(3L, 30L),
                        tuple(4L, 40L),
                        tuple(5L, 50L));
        ExecutedRequests restored = new ExecutedRequests(100);
        restored.restore(contents.executions(), contents.lastRecordedSequence());
        assertThat(CheckpointFormat.encode(64, restored, snapshot)).as("canonical: the same bytes again").isEqualTo(bytes);
    }

    @Test
    void shouldLayOutTheBytesExactlyAsTheFormatDescribes() {
        ExecutedRequests executed = new ExecutedRequests(2);
        executed.record(new RequestId(9, 9), 1, new byte[] {0x11});
        executed.record(new RequestId(1, 2), 3, new byte[] {(byte) 0xAB});
        executed.record(new RequestId(-1, 5), 7, new byte[0]);

        byte[] bytes = CheckpointFormat.encode(9, executed, new byte[] {1, 2});

        String expected = "44534350" + "01" // magic "DSCP", version
                + "0000000000000009" // sequence
                + "0000000000000007" // lastRecordedSequence
                + "00000002" // executionCount: the first execution was forgotten
                + "0000000000000001" + "0000000000000002" + "0000000000000003" + "00000001" + "ab"
                + "ffffffffffffffff" + "0000000000000005" + "0000000000000007" + "00000000"
                + "00000002" + "0102"; // snapshotLength, snapshot
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(expected);
    }

    @Test
    void shouldEncodeOnlyTheExecutionsStillRememberedAfterTheOldestWereForgotten() {
        ExecutedRequests executed = new ExecutedRequests(3);
        for (int index = 1; index <= 5; index++) {
            // Results of different lengths, so that the size of the forgotten ones matters.
            executed.record(new RequestId(7, index), index, new byte[index * 10]);
        }

        byte[] bytes = CheckpointFormat.encode(5, executed, new byte[] {9});
        CheckpointFormat.Contents contents = CheckpointFormat.decode(bytes, 3).orElseThrow();

        assertThat(contents.executions())
                .extracting(recorded -> recorded.requestId().counter(), recorded -> recorded.execution().result().length)
                .containsExactly(tuple(3L, 30), tuple(4L, 40), tuple(5L, 50));
        assertThat(contents.snapshot()).containsExactly(9);
    }

    @Test
    void shouldNeverThrowOnMutatedBytesAndRefuseTruncatedOnes() {
        byte[] valid = CheckpointFormat.encode(64, table(5), new byte[] {1, 2, 3});
        SplittableRandom random = new SplittableRandom(SEED);
        int accepted = 0;
        for (int caseIndex = 0; caseIndex < 20_000; caseIndex++) {
            byte[] mutated = mutate(random, valid);
            try {
                Optional<CheckpointFormat.Contents> contents = CheckpointFormat.decode(mutated, 100);
                accepted += contents.isPresent() ? 1 : 0;
            } catch (RuntimeException e) {
                fail("seed %d, case %d: decode threw on %s", SEED, caseIndex, Arrays.toString(mutated), e);
            }
        }
        for (int length = 0; length < valid.length; length++) {
            assertThat(CheckpointFormat.decode(Arrays.copyOf(valid, length), 100)).as("cut to %d bytes", length).isEmpty();
        }
        assertThat(accepted).as("some mutations keep a checkpoint well formed").isPositive();
    }

    @Test
    void shouldRefuseATableWithMoreExecutionsThanTheBoundOrARepeatedRequest() {
        byte[] bytes = CheckpointFormat.encode(64, table(5), new byte[0]);
        assertThat(CheckpointFormat.decode(bytes, 4)).isEmpty();

        byte[] repeated = bytes.clone();
        // The second execution's request ID becomes the first's.
        int firstExecution = 4 + 1 + 8 + 8 + 4;
        int secondExecution = firstExecution + 8 + 8 + 8 + 4 + "result 1".length();
        System.arraycopy(bytes, firstExecution, repeated, secondExecution, 16);
        assertThat(CheckpointFormat.decode(repeated, 100)).isEmpty();
    }

    private static byte[] mutate(SplittableRandom random, byte[] valid) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(3)) {
            case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            default -> {
                int position = random.nextInt(bytes.length - 4);
                int value = random.nextInt();
                bytes[position] = (byte) (value >>> 24);
                bytes[position + 1] = (byte) (value >>> 16);
                bytes[position + 2] = (byte) (value >>> 8);
                bytes[position + 3] = (byte) value;
            }
        }
        return random.nextInt(10) == 0 ? Arrays.copyOf(bytes, random.nextInt(bytes.length + 8)) : bytes;
    }
}
