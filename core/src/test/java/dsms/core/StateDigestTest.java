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

    @Test
    void shouldGiveTheSameDigestInSlicesAsInOneGo() {
        byte[] snapshot = new byte[1000];
        for (int index = 0; index < snapshot.length; index++) {
            snapshot[index] = (byte) (index * 31);
        }
        StateDigest.Incremental incremental = StateDigest.incremental(snapshot);
        int slices = 1;
        while (!incremental.advance(300)) {
            slices++;
        }
        assertThat(slices).isEqualTo(4);
        assertThat(incremental.finish()).isEqualTo(StateDigest.of(snapshot));
    }

    @Test
    void shouldFinishTheRestOfAnIncrementalDigestAtOnce() {
        byte[] snapshot = "a state hashed partly in slices".getBytes(StandardCharsets.UTF_8);
        StateDigest.Incremental incremental = StateDigest.incremental(snapshot);
        assertThat(incremental.advance(5)).isFalse();
        assertThat(incremental.finish()).isEqualTo(StateDigest.of(snapshot));
        assertThat(StateDigest.incremental(new byte[0]).finish()).isEqualTo(StateDigest.of(new byte[0]));
    }

    @Test
    void shouldRefuseToFinishAnIncrementalDigestTwice() {
        StateDigest.Incremental incremental = StateDigest.incremental(new byte[] {1});
        incremental.finish();
        assertThatThrownBy(incremental::finish).isInstanceOf(InvariantViolation.class);
    }
}
