package dsms.market.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BeliefsTest {

    @Test
    void shouldSurviveRemovalOfAShareItNeverSawAdded() {
        // Another client added the share, this one removed it: its removal succeeded.
        Beliefs beliefs = new Beliefs(4, 2);
        beliefs.shareAdded(1);

        beliefs.shareRemoved(3);

        assertThat(beliefs.liveCount()).isEqualTo(1);
        assertThat(beliefs.isLive(1)).isTrue();
        assertThat(beliefs.isLive(3)).isFalse();
    }

    @Test
    void shouldTreatAnAdditionOfALiveShareAsANewGenerationWithoutCountingItTwice() {
        // Another client removed the share and this one added it again: old holdings are gone.
        Beliefs beliefs = new Beliefs(4, 2);
        beliefs.shareAdded(2);
        beliefs.holdingGranted(0, 2, 10);

        beliefs.shareAdded(2);

        assertThat(beliefs.liveCount()).isEqualTo(1);
        assertThat(beliefs.randomHolding(0, new SplittableRandom(1))).isEqualTo(-1);
        beliefs.shareRemoved(2);
        assertThat(beliefs.liveCount()).isZero();
    }
}
