package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.Market;
import dsms.market.ShareType;
import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.market.result.ResultData;
import dsms.node.config.ConfigLoader;
import dsms.protocol.frontend.FrontEndConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {

    private static ClusterLayout layout() throws Exception {
        Path file = Path.of("..", "docs", "three-machines.conf");
        return new ClusterLayout(ConfigLoader.load(file), file);
    }

    @Test
    void shouldLetTheFrontEndReassembleAListingOfAHundredThousandShares() throws Exception {
        List<ResultData.ShareAvailability> shares = new ArrayList<>();
        for (int index = 0; index < 100_000; index++) {
            Market market = Market.values()[index % 3];
            shares.add(new ResultData.ShareAvailability(market, market.name() + "M" + String.format("%06d", index),
                    ShareType.EQUITY, 1_000_000_000L, 999_999_999L));
        }
        byte[] listing = ResultCodec.encode(Result.ok("100000 EQUITY shares listed", new ResultData.ShareAvailabilityList(shares)));

        ClusterLayout layout = layout();
        FrontEndConfig frontEnd = layout.frontEndConfig();
        int chunkBytes = layout.replicaConfig().resultChunkBytesMax();

        assertThat(frontEnd.resultBytesMax()).isGreaterThanOrEqualTo(listing.length);
        assertThat((long) frontEnd.resultChunksMax() * chunkBytes).isGreaterThanOrEqualTo(frontEnd.resultBytesMax());
    }

    /**
     * The front end holds batches back while a replica is a quarter of the sequencer's window
     * behind, so that a replica paused by a collection stays inside the window; and everything the
     * front end has in flight fits the window too.
     */
    @Test
    void shouldPaceClientsWellBeforeALaggingReplicaLeavesTheSequencersWindow() throws Exception {
        ClusterLayout layout = layout();
        int windowEntries = layout.sequencerConfig().retransmissionEntriesMax();
        FrontEndConfig frontEnd = layout.frontEndConfig();

        assertThat(windowEntries).isEqualTo(65_536);
        assertThat(frontEnd.replicaLagEntriesMax()).isEqualTo(windowEntries / 4);
        assertThat(frontEnd.pendingRequestsMax()).isLessThanOrEqualTo(windowEntries);
    }

    /** A replica can tell a fully answered {@code Nack} only if the sequencer answers all it asked for. */
    @Test
    void shouldHaveTheSequencerAnswerEveryEntryAReplicaAsksForInOneNack() throws Exception {
        ClusterLayout layout = layout();

        assertThat(layout.replicaConfig().nackEntriesMax()).isEqualTo(layout.sequencerConfig().nackEntriesMax());
    }

    /**
     * A replica behind the newest entries catches up one {@code Nack} answer per round trip, so the
     * answer is large; but every entry of it must land in the holdback queue, or the replica would
     * drop what it asked for and ask again.
     */
    @Test
    void shouldAnswerANackWithManyEntriesThatAllFitTheReplicasHoldbackQueue() throws Exception {
        ClusterLayout layout = layout();
        int answerEntries = layout.sequencerConfig().nackEntriesMax();

        assertThat(answerEntries).isEqualTo(2_048);
        assertThat(answerEntries).isLessThanOrEqualTo(layout.replicaConfig().holdbackEntriesMax());
        assertThat(answerEntries).isLessThanOrEqualTo(layout.sequencerConfig().retransmissionEntriesMax());
    }
}
