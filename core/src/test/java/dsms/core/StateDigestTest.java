package dsms.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StateDigestTest {

    @Test
    void shouldGiveEqualDigestsForEqualSnapshots() {
        byte[] snapshot = "state".getBytes(StandardCharsets.UTF_8);
        assertThat(StateDigest.of(snapshot)).isEqualTo(StateDigest.of(snapshot.clone()));
    }

    @Test
    void shouldGiveDifferentDigestsForDifferentSnapshots() {
        assertThat(StateDigest.of(new byte[] {1})).isNotEqualTo(StateDigest.of(new byte[] {2}));
    }

    @Test
    void shouldMatchTheKnownSha256OfTheEmptySnapshot() {
        assertThat(StateDigest.of(new byte[0]).toHex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void shouldRoundTripThroughBytes() {
        StateDigest digest = StateDigest.of(new byte[] {7, 8, 9});
        assertThat(StateDigest.fromBytes(digest.toBytes())).isEqualTo(digest);
    }

    @Test
    void shouldRejectDigestsOfTheWrongLength() {
        assertThatThrownBy(() -> StateDigest.fromBytes(new byte[3])).isInstanceOf(InvariantViolation.class);
    }
}
