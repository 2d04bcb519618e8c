package dsms.protocol.codec;

import static dsms.protocol.codec.SampleMessages.CLUSTER_SECRET;
import static dsms.protocol.codec.SampleMessages.SEQUENCER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Datagrams that were not signed with the cluster secret, or were changed after signing: each is
 * rejected, before any message is parsed, with the reason of the first check it fails.
 */
class DatagramCodecForgeryTest {
    private static final int VERSION_OFFSET = 4;

    private final DatagramCodec codec = new DatagramCodec(CLUSTER_SECRET);
    private final byte[] datagram =
            codec.encode(SEQUENCER, SampleMessages.oneOfEachType()).get(0);

    @Test
    void a_datagram_signed_with_another_secret_is_rejected_for_its_mac() {
        byte[] otherSecret = "another secret, also 16+ bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] forged = new DatagramCodec(otherSecret)
                .encode(SEQUENCER, SampleMessages.oneOfEachType())
                .get(0);

        assertThat(codec.decode(forged)).isEqualTo(rejected(Rejection.BAD_MAC));
    }

    @Test
    void flipping_any_one_bit_rejects_the_datagram_for_the_field_the_bit_is_in() {
        for (int bit = 0; bit < datagram.length * 8; bit++) {
            byte[] flipped = datagram.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));

            assertThat(codec.decode(flipped)).as("bit %d", bit).isEqualTo(rejected(expectedForChangeAt(bit / 8)));
        }
    }

    @Test
    void every_truncation_is_rejected_as_too_short_or_for_its_mac() {
        for (int length = 0; length < datagram.length; length++) {
            Rejection expected =
                    length < DatagramFormat.DATAGRAM_OVERHEAD_BYTES ? Rejection.TOO_SHORT : Rejection.BAD_MAC;

            assertThat(codec.decode(datagram, 0, length))
                    .as("length %d", length)
                    .isEqualTo(rejected(expected));
        }
    }

    @Test
    void bytes_appended_after_the_mac_reject_the_datagram_for_its_mac() {
        for (int appended = 1; appended <= 64; appended++) {
            byte[] extended = Arrays.copyOf(datagram, datagram.length + appended);

            assertThat(codec.decode(extended)).as("%d bytes appended", appended).isEqualTo(rejected(Rejection.BAD_MAC));
        }
    }

    @Test
    void a_datagram_of_another_version_is_rejected_for_its_version_even_when_signed() {
        byte[] otherVersion = datagram.clone();
        otherVersion[VERSION_OFFSET] = DatagramFormat.VERSION + 1;

        assertThat(codec.decode(Datagrams.resigned(CLUSTER_SECRET, otherVersion)))
                .isEqualTo(rejected(Rejection.UNSUPPORTED_VERSION));
    }

    @Test
    void stray_traffic_without_the_magic_is_rejected_for_its_magic() {
        byte[] stray = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n and padding past the minimum"
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(codec.decode(stray)).isEqualTo(rejected(Rejection.BAD_MAGIC));
    }

    @Test
    void a_genuine_tag_spliced_onto_other_genuine_bytes_is_rejected_for_its_mac() {
        byte[] twoMessages = codec.encode(
                        SEQUENCER, SampleMessages.oneOfEachType().subList(0, 2))
                .get(0);
        byte[] firstOnly = codec.encode(
                        SEQUENCER, List.of(SampleMessages.oneOfEachType().get(0)))
                .get(0);
        // Splice the first message's bytes with the two-message datagram's tag: a cut-and-paste forgery.
        byte[] spliced = Arrays.copyOf(firstOnly, firstOnly.length);
        System.arraycopy(
                twoMessages,
                twoMessages.length - DatagramFormat.MAC_BYTES,
                spliced,
                spliced.length - DatagramFormat.MAC_BYTES,
                DatagramFormat.MAC_BYTES);

        assertThat(codec.decode(spliced)).isEqualTo(rejected(Rejection.BAD_MAC));
    }

    /** The magic and version are checked before the MAC; a change anywhere else breaks the MAC. */
    private static Rejection expectedForChangeAt(int offset) {
        if (offset < VERSION_OFFSET) {
            return Rejection.BAD_MAGIC;
        }
        return offset == VERSION_OFFSET ? Rejection.UNSUPPORTED_VERSION : Rejection.BAD_MAC;
    }

    private static DecodeResult rejected(Rejection reason) {
        return new DecodeResult.Rejected(reason);
    }
}
