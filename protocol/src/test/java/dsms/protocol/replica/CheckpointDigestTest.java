package dsms.protocol.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.InvariantViolation;
import dsms.core.StateDigest;
import dsms.protocol.CheckpointDigest;
import dsms.protocol.message.RequestId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A checkpoint's digest reuses the block hashes of the one before, and is the same as computed afresh. */
class CheckpointDigestTest {
    private static final int TABLE_EXECUTIONS = 8 * CheckpointDigest.BLOCK_SEQUENCES;
    private static final int INTERVAL_ENTRIES = 2 * CheckpointDigest.BLOCK_SEQUENCES;

    /** The checkpoints of a table that executes one request per sequence number, every interval. */
    private static List<byte[]> checkpointsOfABusyTable(int checkpoints) {
        ExecutedRequests table = new ExecutedRequests(TABLE_EXECUTIONS);
        List<byte[]> taken = new ArrayList<>();
        long sequence = 0;
        for (int checkpoint = 0; checkpoint < checkpoints; checkpoint++) {
            for (int entry = 0; entry < INTERVAL_ENTRIES; entry++) {
                sequence++;
                // Skipping some sequence numbers, as duplicates do, leaves blocks with fewer executions.
                if (sequence % 7 != 0) {
                    table.record(new RequestId(sequence % 5, sequence), sequence,
                            ("result of " + sequence).getBytes(StandardCharsets.UTF_8));
                }
            }
            taken.add(CheckpointFormat.encode(sequence, table, ("snapshot " + sequence).getBytes(StandardCharsets.UTF_8)));
        }
        return taken;
    }

    private static StateDigest inSlices(byte[] bytes, CheckpointDigest.BlockHashes hashes, int sliceBytes) {
        CheckpointDigest.Computation digest = CheckpointDigest.start(bytes, hashes);
        int slices = 1;
        while (!digest.advance(sliceBytes)) {
            slices++;
        }
        assertThat(slices).as("slices of %d bytes", sliceBytes).isLessThanOrEqualTo(bytes.length / sliceBytes + 2);
        return digest.finish();
    }

    @Test
    void shouldGiveEachCheckpointTheDigestComputedAfreshWhileReusingMostOfThePreviousOnesBlocks() {
        List<byte[]> checkpoints = checkpointsOfABusyTable(8);
        CheckpointDigest.BlockHashes hashes = new CheckpointDigest.BlockHashes();

        for (byte[] bytes : checkpoints) {
            assertThat(inSlices(bytes, hashes, 4_096)).isEqualTo(CheckpointDigest.of(bytes));
        }

        // The first checkpoint hashes its three blocks; each later one at most four: the block its
        // interval's first entries completed, the two it added, and the oldest, which forgetting
        // cut into. Every other block of a table of ten is the one before's.
        assertThat(hashes.blocksHashed()).isLessThanOrEqualTo(3 + 4L * (checkpoints.size() - 1));
        assertThat(hashes.blocksReused()).isGreaterThan(hashes.blocksHashed());
    }

    @Test
    void shouldGiveTheSameDigestWhateverTheSliceSize() {
        byte[] bytes = checkpointsOfABusyTable(3).get(2);

        StateDigest afresh = CheckpointDigest.of(bytes);

        for (int sliceBytes : new int[] {1, 25, 1_000, 100_000}) {
            assertThat(inSlices(bytes, new CheckpointDigest.BlockHashes(), sliceBytes)).isEqualTo(afresh);
        }
    }

    @Test
    void shouldRefuseMoreSlicesOrASecondFinishOnceFinished() {
        CheckpointDigest.Computation digest = CheckpointDigest.start(checkpointsOfABusyTable(1).get(0),
                new CheckpointDigest.BlockHashes());
        assertThat(digest.advance(5)).isFalse();
        digest.finish();

        assertThatThrownBy(digest::finish).isInstanceOf(InvariantViolation.class);
        assertThatThrownBy(() -> digest.advance(5)).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void shouldTellApartCheckpointsThatDifferInOneByteOfOneResultOnceTheHashesAreCleared() {
        byte[] bytes = checkpointsOfABusyTable(2).get(1);
        byte[] changed = bytes.clone();
        changed[bytes.length / 2] ^= 1;
        CheckpointDigest.BlockHashes hashes = new CheckpointDigest.BlockHashes();
        StateDigest original = inSlices(bytes, hashes, 4_096);

        hashes.clear();

        assertThat(inSlices(changed, hashes, 4_096)).isEqualTo(CheckpointDigest.of(changed)).isNotEqualTo(original);
        assertThat(hashes.blocksReused()).isZero();
    }

    @Test
    void shouldHashBytesThatAreNotACheckpointWholeBehindTheMarker() throws Exception {
        byte[] notACheckpoint = "state at 7".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = checkpointsOfABusyTable(1).get(0);
        truncated = java.util.Arrays.copyOf(truncated, truncated.length - 1);

        for (byte[] bytes : List.of(notACheckpoint, truncated, new byte[0])) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((byte) 0xFF);
            assertThat(CheckpointDigest.of(bytes).toBytes()).isEqualTo(sha256.digest(bytes));
        }
    }

    @Test
    void shouldParseAWellFormedCheckpointIntoBlocksInsteadOfHashingItWhole() throws Exception {
        byte[] bytes = checkpointsOfABusyTable(1).get(0);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((byte) 0xFF);

        assertThat(CheckpointDigest.of(bytes).toBytes()).isNotEqualTo(sha256.digest(bytes));
        CheckpointDigest.BlockHashes hashes = new CheckpointDigest.BlockHashes();
        CheckpointDigest.start(bytes, hashes).finish();
        // 2,048 sequence numbers from 1 fall in three blocks: 1..1023, 1024..2047 and 2048.
        assertThat(hashes.blocksHashed()).isEqualTo(3);
    }
}
