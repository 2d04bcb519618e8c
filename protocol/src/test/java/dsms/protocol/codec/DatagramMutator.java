package dsms.protocol.codec;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns bytes into plausible garbage for fuzz tests: the kinds of damage a network, a buggy
 * sender or an attacker produce, with a bias towards values that break length and range checks.
 */
final class DatagramMutator {
    private static final int MUTATION_COUNT = 9;
    private static final int RANDOM_LENGTH_MAX = 300;

    private DatagramMutator() {}

    /** One to three mutations of {@code original}; {@code original} itself is left alone. */
    static byte[] mutate(SplittableRandom random, byte[] original) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int mutation = 0; mutation < mutations; mutation++) {
            bytes = mutateOnce(random, bytes);
        }
        return bytes;
    }

    /** Random bytes of a random length, sometimes starting with a valid magic and version. */
    static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(RANDOM_LENGTH_MAX)];
        random.nextBytes(bytes);
        if (bytes.length > 5 && random.nextBoolean()) {
            bytes[0] = 'D';
            bytes[1] = 'S';
            bytes[2] = 'M';
            bytes[3] = 'S';
            bytes[4] = DatagramFormat.VERSION;
        }
        return bytes;
    }

    private static byte[] mutateOnce(SplittableRandom random, byte[] bytes) {
        if (bytes.length == 0) {
            return randomBytes(random);
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(MUTATION_COUNT)) {
            case 0 -> flipBit(bytes, at, random.nextInt(8));
            case 1 -> overwrite(bytes, at, new byte[] {(byte) random.nextInt(256)});
            case 2 -> overwrite(bytes, at, interestingShort(random));
            case 3 -> overwrite(bytes, at, interestingLong(random));
            case 4 -> Arrays.copyOf(bytes, at);
            case 5 -> insert(bytes, at, randomBytes(random, 1 + random.nextInt(16)));
            case 6 -> delete(bytes, at, 1 + random.nextInt(16));
            case 7 -> insert(bytes, at, Arrays.copyOfRange(bytes, random.nextInt(bytes.length), bytes.length));
            default -> Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
        };
    }

    private static byte[] flipBit(byte[] bytes, int at, int bit) {
        bytes[at] ^= (byte) (1 << bit);
        return bytes;
    }

    /** Writes {@code value} at {@code at}, cut off at the end of {@code bytes}. */
    private static byte[] overwrite(byte[] bytes, int at, byte[] value) {
        System.arraycopy(value, 0, bytes, at, Math.min(value.length, bytes.length - at));
        return bytes;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
        return result;
    }

    private static byte[] delete(byte[] bytes, int at, int count) {
        int deleted = Math.min(count, bytes.length - at);
        byte[] result = new byte[bytes.length - deleted];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(bytes, at + deleted, result, at, bytes.length - at - deleted);
        return result;
    }

    /** Lengths and counts at the edges: empty, one, just over a bound, the 16-bit maximum. */
    private static byte[] interestingShort(SplittableRandom random) {
        int[] values = {
            0,
            1,
            2,
            0x7F,
            0x80,
            0xFF,
            0x100,
            DatagramFormat.COMMAND_BYTES_MAX,
            DatagramFormat.COMMAND_BYTES_MAX + 1,
            DatagramFormat.RESULT_CHUNK_COUNT_MAX + 1,
            0x7FFF,
            0x8000,
            0xFFFF
        };
        int value = values[random.nextInt(values.length)];
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    /** Sequence numbers and IDs at the edges: zero, minus one, the extremes of a long. */
    private static byte[] interestingLong(SplittableRandom random) {
        long[] values = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        long value = values[random.nextInt(values.length)];
        byte[] bytes = new byte[8];
        for (int index = 0; index < 8; index++) {
            bytes[index] = (byte) (value >>> (56 - 8 * index));
        }
        return bytes;
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
