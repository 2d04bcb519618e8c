package dsms.market;

import static dsms.market.MarketFixture.NYK_ADMIN;
import static dsms.market.MarketFixture.NYK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.market.command.AddShare;
import dsms.market.command.GetShares;
import dsms.market.command.PurchaseShare;
import dsms.market.command.SwapShares;
import org.junit.jupiter.api.Test;

/** The audit lines: where they go and what they say. */
class AuditTrailTest {
    private final ShareMarket market = new ShareMarket();
    private final RecordingAuditSink audit = new RecordingAuditSink();

    @Test
    void shouldWriteOneLineToTheUserLogAndTheSharesMarketLog() {
        market.execute(7, 1_707_559_200_123L, new AddShare("nyka0001", "nykm100224", "equity", 10), audit);
        String expected =
                "2024-02-10T10:00:00.123Z seq=7 user=NYKA0001 op=addShare params=nykm100224,equity,10 code=OK"
                        + " message=share NYKM100224 EQUITY added with capacity 10";
        assertThat(audit.lines)
                .containsExactly(
                        new RecordingAuditSink.Line("user-NYKA0001", expected), new RecordingAuditSink.Line("market-NYK", expected));
    }

    @Test
    void shouldWriteEveryUsersLinesToTheirOwnLogWhenFarMoreUsersTradeThanLogNamesAreKept() {
        // Buyers of every market with the same numbers, and more of them than the cache of log
        // names holds, in an order that meets each again after many others.
        market.execute(1, 0, new AddShare("NYKA0001", "NYKM100224", "EQUITY", 1_000_000), AuditSink.NONE);
        java.util.List<String> buyers = new java.util.ArrayList<>();
        for (int number = 1; number <= AuditTrail.USER_LOG_CACHE_ENTRIES; number++) {
            for (String market : new String[] {"NYK", "LON", "TOK"}) {
                buyers.add(String.format(java.util.Locale.ROOT, "%sB%04d", market, number));
            }
        }
        long sequence = 2;
        for (int round = 0; round < 2; round++) {
            for (String buyer : buyers) {
                audit.lines.clear();
                market.execute(sequence++, 0, new GetShares(buyer), audit);
                assertThat(audit.logs()).as("round %d, %s", round, buyer)
                        .containsExactly("user-" + buyer, "market-" + buyer.substring(0, 3));
            }
        }
    }

    @Test
    void shouldLogAPurchaseOutsideTheHomeMarketInTheSharesMarket() {
        market.execute(1, 0, new AddShare("TOKA0001", "TOKM100224", "EQUITY", 10), AuditSink.NONE);
        market.execute(2, 0, new PurchaseShare(NYK_BUYER, "TOKM100224", "EQUITY", 1), audit);
        assertThat(audit.logs()).containsExactly("user-NYKB0001", "market-TOK");
    }

    @Test
    void shouldLogQueriesInTheActingUsersHomeMarket() {
        market.execute(1, 0, new GetShares("LONB0002"), audit);
        assertThat(audit.logs()).containsExactly("user-LONB0002", "market-LON");
        assertThat(audit.lines.get(0).text()).contains("op=getShares params= code=OK");
    }

    @Test
    void shouldLogASwapAcrossMarketsInBothMarkets() {
        market.execute(1, 0, new SwapShares(NYK_BUYER, "LONM100224", "EQUITY", "TOKM100224", "EQUITY"), audit);
        assertThat(audit.logs()).containsExactly("user-NYKB0001", "market-LON", "market-TOK");
        assertThat(audit.lines.get(0).text()).contains("code=NOT_HELD");
    }

    @Test
    void shouldLogRejectionsWithTheirCodeAndEscapedRawInput() {
        market.execute(3, 0, new AddShare(NYK_ADMIN, "NYKM1002\n4", "EQUITY", 10), audit);
        assertThat(audit.logs()).containsExactly("user-NYKA0001", "market-NYK");
        assertThat(audit.lines.get(0).text()).contains("params=NYKM1002\\u000a4,EQUITY,10 code=INVALID_ARGUMENT").doesNotContain("\n");
    }

    @Test
    void shouldLogOperationsOfAnInvalidUserWithoutAValidShareInTheRejectedLog() {
        market.execute(3, 0, new GetShares("nobody"), audit);
        assertThat(audit.logs()).containsExactly("rejected");
        assertThat(audit.lines.get(0).text()).contains("user=nobody op=getShares");
    }

    @Test
    void shouldNotBuildLinesWhenTheSinkIsDisabled() {
        AuditSink disabled =
                new AuditSink() {
                    @Override
                    public boolean isEnabled() {
                        return false;
                    }

                    @Override
                    public void record(String logName, String line) {
                        throw new AssertionError("a disabled sink got a line");
                    }
                };
        market.execute(1, 0, new AddShare(NYK_ADMIN, "NYKM100224", "EQUITY", 10), disabled);
        assertThat(market.shareCount()).isEqualTo(1);
    }
}
