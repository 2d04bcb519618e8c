package dsms.protocol;

import dsms.core.Checks;
import dsms.core.StateDigest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest replicas compare their checkpoints by: SHA-256 over the checkpoint's bytes, with its
 * executions hashed a block at a time, so that a replica reuses the hashes of the blocks its
 * previous checkpoint already had.
 *
 * <p>Most of a busy replica's checkpoint is its exactly-once table (65,536 executions, about 7 MB
 * at 65,000 operations a second), and a checkpoint every 16,384 entries shares three quarters of
 * those executions with the one before. Hashing every byte again took about a tenth of a replica's
 * time under load, on all three replicas at the same moment.
 *
 * <p>The layout is {@code CheckpointFormat}'s: a 25-byte header ending with the execution count,
 * the executions (each {@code clientId: i64, counter: i64, executedSequence: i64, resultLength:
 * i32, result}), then {@code snapshotLength: i32, snapshot}. A block is a run of consecutive
 * executions whose {@code executedSequence / BLOCK_SEQUENCES} is the same. The digest is SHA-256
 * over: the header, the number of blocks ({@code i32}), the SHA-256 of each block's bytes in
 * order, and the snapshot part. These determine the bytes exactly, so equal digests still mean
 * equal bytes. Bytes that are not laid out that way (they cannot be installed anyway) are hashed
 * whole after a {@link #MALFORMED_MARKER} byte, which no header starts with.
 *
 * <p>A block's hash is reused when the previous checkpoint had a block of the same number, with
 * the same first and last sequence number, count and length: within one table's history the
 * executions between two sequence numbers never change, as the table only forgets its oldest and
 * appends newer ones. A table replaced by an installed checkpoint starts a new history, and its
 * owner {@link BlockHashes#clear() clears} the hashes it kept.
 */
public final class CheckpointDigest {
    /** Sequence numbers per block: about 110 KB of executions, a fiftieth of a busy table. */
    public static final int BLOCK_SEQUENCES = 1_024;
    /** What the hash of bytes that are not a checkpoint starts with; a checkpoint starts with 'D'. */
    static final byte MALFORMED_MARKER = (byte) 0xFF;

    private static final int HEADER_BYTES = 4 + 1 + 8 + 8 + 4;
    private static final int EXECUTION_COUNT_OFFSET = HEADER_BYTES - 4;
    private static final int EXECUTION_EMPTY_BYTES = 8 + 8 + 8 + 4;
    private static final int SEQUENCE_OFFSET = 16;
    private static final int RESULT_LENGTH_OFFSET = 24;

    private CheckpointDigest() {}

    /** The digest of {@code bytes}, computed in one go with nothing reused. */
    public static StateDigest of(byte[] bytes) {
        return start(bytes, new BlockHashes()).finish();
    }

    /**
     * Starts the digest of {@code bytes}, reusing the block hashes {@code reuse} kept from the
     * previous checkpoint; {@code reuse} keeps this one's once it is finished. The bytes must not
     * change until then.
     */
    public static Computation start(byte[] bytes, BlockHashes reuse) {
        return new Computation(bytes, reuse);
    }

    /** One block of executions: where its bytes are and what identifies its contents. */
    private record Block(long number, long firstSequence, long lastSequence, int count, int offset, int length) {
        boolean sameContentsAs(Block other) {
            return other != null && number == other.number && firstSequence == other.firstSequence
                    && lastSequence == other.lastSequence && count == other.count && length == other.length;
        }
    }

    /** A block and its hash. */
    private record HashedBlock(Block block, byte[] hash) {}

    /**
     * The block hashes of the latest checkpoint digest a replica finished, by block number; only
     * looked up, never iterated, so hash order reaches nothing.
     */
    public static final class BlockHashes {
        private Map<Long, HashedBlock> byNumber = new HashMap<>();
        private long reused;
        private long hashed;

        /** Forgets every hash: the table they described was replaced. */
        public void clear() {
            byNumber = new HashMap<>();
        }

        /** Blocks whose hash was reused, over every digest computed with these. */
        public long blocksReused() {
            return reused;
        }

        /** Blocks hashed byte by byte, over every digest computed with these. */
        public long blocksHashed() {
            return hashed;
        }

        private byte[] find(Block block) {
            HashedBlock kept = byNumber.get(block.number());
            return kept != null && block.sameContentsAs(kept.block()) ? kept.hash() : null;
        }
    }

    /** A digest computed a slice at a time; see {@link #start}. */
    public static final class Computation {
        private final byte[] bytes;
        private final BlockHashes reuse;
        private final MessageDigest outer = StateDigest.newSha256();
        private final MessageDigest inner = StateDigest.newSha256();
        /** The blocks, or null when the bytes are not laid out as a checkpoint. */
        private final List<Block> blocks;
        private final Map<Long, HashedBlock> hashes = new HashMap<>();
        /** Where the header is hashed up to; the number of blocks follows it once it is all hashed. */
        private int headerHashedTo;
        private int nextBlock;
        /** Bytes of the current block hashed so far. */
        private int hashedBytes;
        /** Where the snapshot part (or, when malformed, the whole input) is hashed up to. */
        private int tailHashedTo;
        private boolean finished;

        private Computation(byte[] bytes, BlockHashes reuse) {
            this.bytes = bytes;
            this.reuse = reuse;
            ByteBuffer in = ByteBuffer.wrap(bytes);
            this.blocks = blocksOf(in);
            this.tailHashedTo = blocks == null ? 0 : in.position();
            if (blocks == null) {
                outer.update(MALFORMED_MARKER);
            }
        }

        /**
         * Hashes at most about {@code bytesMax} more bytes (a reused block counts as one); returns
         * whether every byte is hashed.
         */
        public boolean advance(int bytesMax) {
            Checks.check(bytesMax >= 1, "a digest slice of %d bytes is positive", bytesMax);
            Checks.check(!finished, "a finished digest takes no more slices");
            int budget = bytesMax;
            if (blocks != null) {
                if (headerHashedTo < HEADER_BYTES) {
                    int length = Math.min(budget, HEADER_BYTES - headerHashedTo);
                    outer.update(bytes, headerHashedTo, length);
                    headerHashedTo += length;
                    budget -= length;
                    if (headerHashedTo < HEADER_BYTES) {
                        return false;
                    }
                    outer.update(ByteBuffer.allocate(4).putInt(0, blocks.size()).array());
                }
                while (budget > 0 && nextBlock < blocks.size()) {
                    budget -= advanceBlock(blocks.get(nextBlock), budget);
                }
                if (nextBlock < blocks.size() || budget <= 0) {
                    return isDone();
                }
            }
            // The snapshot part, or the whole of malformed bytes.
            int length = Math.min(budget, bytes.length - tailHashedTo);
            outer.update(bytes, tailHashedTo, length);
            tailHashedTo += length;
            return isDone();
        }

        private boolean isDone() {
            return (blocks == null || headerHashedTo == HEADER_BYTES && nextBlock == blocks.size()) && tailHashedTo == bytes.length;
        }

        /** Hashes part of {@code block} within {@code budget} bytes, or reuses its hash; returns the bytes spent. */
        private int advanceBlock(Block block, int budget) {
            if (hashedBytes == 0) {
                byte[] kept = reuse.find(block);
                if (kept != null) {
                    reuse.reused++;
                    completeBlock(block, kept);
                    return 1;
                }
            }
            int length = Math.min(budget, block.length() - hashedBytes);
            inner.update(bytes, block.offset() + hashedBytes, length);
            hashedBytes += length;
            if (hashedBytes == block.length()) {
                reuse.hashed++;
                completeBlock(block, inner.digest());
            }
            return Math.max(1, length);
        }

        private void completeBlock(Block block, byte[] hash) {
            outer.update(hash);
            hashes.put(block.number(), new HashedBlock(block, hash));
            hashedBytes = 0;
            nextBlock++;
        }

        /** Hashes whatever is left and returns the digest; call once. */
        public StateDigest finish() {
            Checks.check(!finished, "a checkpoint digest is finished once");
            while (!isDone()) {
                advance(Integer.MAX_VALUE);
            }
            finished = true;
            if (blocks != null) {
                reuse.byNumber = hashes;
            }
            return StateDigest.fromBytes(outer.digest());
        }
    }

    /**
     * The blocks of the executions, leaving {@code in} at the snapshot part; null when the bytes
     * are not a header, that many executions and a snapshot part that ends them exactly.
     */
    private static List<Block> blocksOf(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES + 4 || in.get(0) == MALFORMED_MARKER) {
            return null;
        }
        int count = in.getInt(EXECUTION_COUNT_OFFSET);
        if (count < 0 || count > (in.remaining() - HEADER_BYTES) / EXECUTION_EMPTY_BYTES) {
            return null;
        }
        List<Block> blocks = new ArrayList<>();
        int offset = HEADER_BYTES;
        int blockOffset = offset;
        int blockCount = 0;
        long blockNumber = 0;
        long firstSequence = 0;
        long lastSequence = 0;
        for (int index = 0; index < count; index++) {
            if (in.limit() - offset < EXECUTION_EMPTY_BYTES) {
                return null;
            }
            long sequence = in.getLong(offset + SEQUENCE_OFFSET);
            int resultLength = in.getInt(offset + RESULT_LENGTH_OFFSET);
            if (resultLength < 0 || resultLength > in.limit() - offset - EXECUTION_EMPTY_BYTES) {
                return null;
            }
            long number = Math.floorDiv(sequence, BLOCK_SEQUENCES);
            if (blockCount > 0 && number != blockNumber) {
                blocks.add(new Block(blockNumber, firstSequence, lastSequence, blockCount, blockOffset, offset - blockOffset));
                blockCount = 0;
            }
            if (blockCount == 0) {
                blockNumber = number;
                firstSequence = sequence;
                blockOffset = offset;
            }
            lastSequence = sequence;
            blockCount++;
            offset += EXECUTION_EMPTY_BYTES + resultLength;
        }
        if (blockCount > 0) {
            blocks.add(new Block(blockNumber, firstSequence, lastSequence, blockCount, blockOffset, offset - blockOffset));
        }
        if (in.limit() - offset < 4 || in.getInt(offset) != in.limit() - offset - 4) {
            return null;
        }
        in.position(offset);
        return blocks;
    }
}
