package dsms.protocol.codec;

import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the decoder. Set the system property {@code dsms.fuzz.seed} to replay the
 * seed a failure message prints.
 */
class DatagramCodecFuzzTest {
    private static final long SEED = Long.getLong("dsms.fuzz.seed", 0x5EED_DA7A_C0DEL);
    private static final int CASE_COUNT = 100_000;
    private static final int MESSAGES_PER_DATAGRAM_MAX = 8;

    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);

    @Test
    void random_and_mutated_unsigned_datagrams_never_throw_and_are_never_accepted() {
        SplittableRandom random = new SplittableRandom(SEED);
        RejectionCounters counters = new RejectionCounters();
        for (int caseIndex = 0; caseIndex < CASE_COUNT; caseIndex++) {
            byte[] bytes = random.nextInt(4) == 0
                    ? DatagramMutator.randomBytes(random)
                    : DatagramMutator.mutate(random, validDatagram(random));

            DecodeResult result = decodeOrFail(bytes, caseIndex);

            if (!counters.countIfRejected(result)) {
                // Mutations can undo themselves (a bit flipped twice); anything else accepted is a forgery.
                assertThat(bytes)
                        .as("seed %d, case %d: accepted a changed datagram", SEED, caseIndex)
                        .isEqualTo(reencode(result));
            }
        }
        assertThat(counters.count(Rejection.TOO_SHORT))
                .as("cases cut below a header and MAC")
                .isPositive();
        assertThat(counters.count(Rejection.BAD_MAGIC))
                .as("cases with a broken magic")
                .isPositive();
        assertThat(counters.count(Rejection.UNSUPPORTED_VERSION))
                .as("cases with a broken version")
                .isPositive();
        assertThat(counters.count(Rejection.BAD_MAC))
                .as("cases with a broken MAC")
                .isGreaterThan(CASE_COUNT / 2);
    }

    @Test
    void garbage_behind_a_correct_mac_never_throws_and_only_canonical_encodings_are_accepted() {
        SplittableRandom random = new SplittableRandom(SEED);
        RejectionCounters counters = new RejectionCounters();
        int acceptedCount = 0;
        for (int caseIndex = 0; caseIndex < CASE_COUNT; caseIndex++) {
            byte[] unsigned = random.nextInt(3) == 0 ? structuredGarbage(random) : mutatedContent(random);
            byte[] bytes = Datagrams.signed(CLUSTER_SECRET, unsigned);

            DecodeResult result = decodeOrFail(bytes, caseIndex);

            if (!counters.countIfRejected(result)) {
                acceptedCount++;
                assertThat(reencode(result))
                        .as("seed %d, case %d: accepted a non-canonical datagram", SEED, caseIndex)
                        .isEqualTo(bytes);
            }
        }
        assertThat(counters.count(Rejection.BAD_MAC))
                .as("a correct MAC is never refused")
                .isZero();
        assertThat(acceptedCount)
                .as("mutations that keep a datagram valid are accepted")
                .isGreaterThan(CASE_COUNT / 50);
        for (Rejection parserRejection : List.of(
                Rejection.BAD_SENDER,
                Rejection.BAD_MESSAGE_COUNT,
                Rejection.UNKNOWN_MESSAGE_TYPE,
                Rejection.BAD_LENGTH,
                Rejection.MALFORMED_MESSAGE,
                Rejection.BAD_FIELD_VALUE,
                Rejection.TRAILING_BYTES)) {
            assertThat(counters.count(parserRejection))
                    .as("fuzzing reaches %s; counters %s", parserRejection, counters)
                    .isPositive();
        }
    }

    private DecodeResult decodeOrFail(byte[] bytes, int caseIndex) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException | Error e) {
            return fail("seed %d, case %d: decode threw on %s", SEED, caseIndex, Arrays.toString(bytes), e);
        }
    }

    /** What the codec encodes for the sender and messages of an accepted datagram: one datagram. */
    private byte[] reencode(DecodeResult result) {
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        List<byte[]> datagrams = codec.encode(decoded.from(), decoded.messages());
        assertThat(datagrams).hasSize(1);
        return datagrams.get(0);
    }

    private byte[] validDatagram(SplittableRandom random) {
        List<Message> messages = SampleMessages.randomList(random, 1 + random.nextInt(MESSAGES_PER_DATAGRAM_MAX));
        return codec.encode(SampleMessages.node(random), messages).get(0);
    }

    /** A valid datagram without its MAC, then mutated; its magic and version mostly survive. */
    private byte[] mutatedContent(SplittableRandom random) {
        byte[] datagram = validDatagram(random);
        byte[] unsigned = Arrays.copyOf(datagram, datagram.length - DatagramFormat.MAC_BYTES);
        byte[] header = Arrays.copyOf(unsigned, 5);
        byte[] mutated = DatagramMutator.mutate(random, unsigned);
        if (mutated.length >= header.length && random.nextInt(8) != 0) {
            System.arraycopy(header, 0, mutated, 0, header.length);
        }
        return mutated;
    }

    /** A valid magic and version, then a header and messages built from random, near-valid parts. */
    private static byte[] structuredGarbage(SplittableRandom random) {
        int messageCount = random.nextInt(5);
        RawDatagram datagram = RawDatagram.header(
                random.nextInt(NodeId.Role.values().length + 2), random.nextInt(NodeId.INDEX_MAX + 3), messageCount);
        int messagesWritten = messageCount + random.nextInt(3) - 1;
        for (int message = 0; message < messagesWritten; message++) {
            byte[] body = new byte[random.nextInt(60)];
            random.nextBytes(body);
            int bodyBytes = random.nextInt(4) == 0 ? body.length + random.nextInt(-3, 4) : body.length;
            datagram.message(random.nextInt(22), Math.max(0, bodyBytes), body);
        }
        return datagram.unsigned();
    }
}
