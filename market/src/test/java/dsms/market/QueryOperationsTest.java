package dsms.market;

import static dsms.market.MarketFixture.LON_ADMIN;
import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import org.junit.jupiter.api.Test;

/** listShareAvailability and getShares: contents and order. */
class QueryOperationsTest {
    private final MarketFixture fixture = new MarketFixture();

    @Test
    void shouldListEveryShareOfTheTypeByMarketLonNykTokThenShareId() {
        fixture.given("TOKM100224", "EQUITY", 10);
        fixture.given("NYKM100224", "EQUITY", 20);
        fixture.given("LONM110224", "EQUITY", 30);
        fixture.given("LONM100224", "EQUITY", 40);
        fixture.given("LONA120224", "EQUITY", 50);
        fixture.given("LONM100224", "BONUS", 60);

        var shares = ((ShareAvailabilityList) fixture.list(NYK_BUYER, "equity").data()).shares();

        assertThat(shares)
                .extracting(ShareAvailability::shareId)
                .containsExactly("LONA120224", "LONM100224", "LONM110224", "NYKM100224", "TOKM100224");
        assertThat(shares).allMatch(share -> share.shareType() == ShareType.EQUITY);
        assertThat(shares.get(0)).isEqualTo(new ShareAvailability(Market.LON, "LONA120224", ShareType.EQUITY, 50, 50));
    }

    @Test
    void shouldOrderShareIdsAsTextSoDayComesBeforeMonthAndSessionsSortAeM() {
        fixture.given("NYKM010325", "DIVIDEND", 1);
        fixture.given("NYKM020124", "DIVIDEND", 1);
        fixture.given("NYKE010325", "DIVIDEND", 1);
        fixture.given("NYKA310125", "DIVIDEND", 1);
        var shares = ((ShareAvailabilityList) fixture.list(LON_ADMIN, "DIVIDEND").data()).shares();
        assertThat(shares)
                .extracting(ShareAvailability::shareId)
                .containsExactly("NYKA310125", "NYKE010325", "NYKM010325", "NYKM020124");
    }

    @Test
    void shouldShowRemainingUnitsAfterPurchases() {
        fixture.given("NYKM100224", "BONUS", 20);
        fixture.holding(LON_BUYER, "NYKM100224", "BONUS", 15);
        assertThat(((ShareAvailabilityList) fixture.list(LON_BUYER, "BONUS").data()).shares())
                .containsExactly(new ShareAvailability(Market.NYK, "NYKM100224", ShareType.BONUS, 20, 5));
    }

    @Test
    void shouldListNothingForATypeWithNoShares() {
        fixture.given("NYKM100224", "BONUS", 20);
        assertThat(((ShareAvailabilityList) fixture.list(LON_BUYER, "EQUITY").data()).shares()).isEmpty();
    }

    @Test
    void shouldReturnTheBuyersHoldingsByMarketShareIdThenTypeEquityBonusDividend() {
        fixture.given("TOKM100224", "EQUITY", 10);
        fixture.given("NYKM100224", "DIVIDEND", 10);
        fixture.given("NYKM100224", "EQUITY", 10);
        fixture.given("NYKM100224", "BONUS", 10);
        fixture.given("LONE120224", "BONUS", 10);
        fixture.holding(NYK_BUYER, "TOKM100224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM100224", "DIVIDEND", 2);
        fixture.holding(NYK_BUYER, "NYKM100224", "BONUS", 3);
        fixture.holding(NYK_BUYER, "LONE120224", "BONUS", 4);
        // Same date and type as TOKM100224 EQUITY would break the daily rule, so EQUITY is held by
        // another buyer only, which must not show up.
        fixture.holding(LON_BUYER, "NYKM100224", "EQUITY", 5);

        var holdings = ((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings();

        assertThat(holdings)
                .containsExactly(
                        new Holding(Market.LON, "LONE120224", ShareType.BONUS, 4),
                        new Holding(Market.NYK, "NYKM100224", ShareType.BONUS, 3),
                        new Holding(Market.NYK, "NYKM100224", ShareType.DIVIDEND, 2),
                        new Holding(Market.TOK, "TOKM100224", ShareType.EQUITY, 1));
    }

    @Test
    void shouldReturnAnEmptyListForABuyerHoldingNothing() {
        assertThat(fixture.getShares(LON_BUYER).ok()).isTrue();
        assertThat(((HoldingList) fixture.getShares(LON_BUYER).data()).holdings()).isEmpty();
    }
}
