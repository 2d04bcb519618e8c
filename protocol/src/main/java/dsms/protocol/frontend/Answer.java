package dsms.protocol.frontend;

import java.util.Arrays;

/**
 * One replica's complete result as the vote compares it: the sequence number it was executed at
 * and the canonical result bytes. Two answers are equal when both are identical, byte for byte.
 */
record Answer(long sequence, byte[] result) {

    @Override
    public boolean equals(Object other) {
        return other instanceof Answer answer && sequence == answer.sequence && Arrays.equals(result, answer.result);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(sequence) + Arrays.hashCode(result);
    }

    @Override
    public String toString() {
        return "Answer[sequence=" + sequence + ", resultBytes=" + result.length + "]";
    }
}
