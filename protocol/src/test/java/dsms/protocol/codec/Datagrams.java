package dsms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.message.Message;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helpers that build, sign and inspect datagrams independently of the codec under test. */
final class Datagrams {
    private Datagrams() {}

    /** Appends the HMAC-SHA256 of {@code unsigned}, keyed by {@code secret}, as the format says. */
    static byte[] signed(byte[] secret, byte[] unsigned) {
        byte[] datagram = Arrays.copyOf(unsigned, unsigned.length + DatagramFormat.MAC_BYTES);
        byte[] tag = hmac(secret, unsigned);
        System.arraycopy(tag, 0, datagram, unsigned.length, tag.length);
        return datagram;
    }

    /** {@code datagram} with its last 32 bytes replaced by the right tag for the bytes before them. */
    static byte[] resigned(byte[] secret, byte[] datagram) {
        return signed(secret, Arrays.copyOf(datagram, datagram.length - DatagramFormat.MAC_BYTES));
    }

    /** Asserts that {@code result} was accepted and returns it. */
    static DecodeResult.Decoded accepted(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return (DecodeResult.Decoded) result;
    }

    /**
     * Asserts that two message lists hold the same content. Message records compare byte arrays
     * by identity, so the comparison goes field by field, into arrays, instead of using equals. It
     * compares one message at a time because AssertJ compares long lists in quadratic time.
     */
    static void assertSameContent(List<Message> actual, List<? extends Message> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int index = 0; index < expected.size(); index++) {
            assertThat(actual.get(index))
                    .as("message %d", index)
                    .usingRecursiveComparison()
                    .isEqualTo(expected.get(index));
        }
    }

    private static byte[] hmac(byte[] secret, byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the test JDK computes HmacSHA256", e);
        }
    }
}
