package dsms.market;

import static dsms.market.MarketFixture.LON_ADMIN;
import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_ADMIN;
import static dsms.market.MarketFixture.NYK_BUYER;
import static dsms.market.MarketFixture.TOK_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAdded;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import dsms.market.result.ResultData.SharePurchased;
import dsms.market.result.ResultData.ShareRemoved;
import dsms.market.result.ResultData.ShareSold;
import dsms.market.result.ResultData.SharesSwapped;
import org.junit.jupiter.api.Test;

/** The normal-operation test cases of the original design (seeds/000_*), one test each. */
class SeedTableTest {
    private final MarketFixture fixture = new MarketFixture();

    @Test
    void tAdmin01_shouldAddShareWithValidInputs() {
        Result result = fixture.add(NYK_ADMIN, "NYKM100224", "EQUITY", 500);
        assertThat(result.code()).isEqualTo(ResultCode.OK);
        assertThat(result.message()).contains("added with capacity 500");
        assertThat(result.data()).isEqualTo(new ShareAdded("NYKM100224", ShareType.EQUITY, 500));
    }

    @Test
    void tAdmin02_shouldRejectAddingAnExistingShareId() {
        fixture.given("NYKM100224", "EQUITY", 500);
        Result result = fixture.add(NYK_ADMIN, "NYKM100224", "EQUITY", 900);
        assertThat(result.code()).isEqualTo(ResultCode.SHARE_EXISTS);
        assertThat(result.message()).contains("already exists");
        assertThat(fixture.market.shareCount()).isEqualTo(1);
    }

    @Test
    void tAdmin03_shouldRemoveAnExistingShareSoThatLaterReferencesFail() {
        fixture.given("NYKM100224", "EQUITY", 500);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 5);
        Result result = fixture.remove(NYK_ADMIN, "NYKM100224", "EQUITY");
        assertThat(result.data()).isEqualTo(new ShareRemoved("NYKM100224", ShareType.EQUITY, 1));
        assertThat(((ShareAvailabilityList) fixture.list(NYK_BUYER, "EQUITY").data()).shares()).isEmpty();
        assertThat(fixture.purchase(LON_BUYER, "NYKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 1, "EQUITY").code()).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void tAdmin04_shouldReportShareNotFoundWhenRemovingANonExistentShare() {
        Result result = fixture.remove(NYK_ADMIN, "NYKM100224", "EQUITY");
        assertThat(result.code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
        assertThat(result.message()).contains("not found");
    }

    @Test
    void tAdmin05_shouldListSharesOfAValidTypeWithCapacitiesFromEveryMarket() {
        fixture.add(NYK_ADMIN, "NYKM100224", "BONUS", 100);
        fixture.add(LON_ADMIN, "LONA110224", "BONUS", 200);
        fixture.add(TOK_ADMIN, "TOKE120224", "BONUS", 300);
        fixture.add(TOK_ADMIN, "TOKE120224", "EQUITY", 400);
        Result result = fixture.list(NYK_ADMIN, "BONUS");
        assertThat(result.code()).isEqualTo(ResultCode.OK);
        assertThat(((ShareAvailabilityList) result.data()).shares())
                .containsExactly(
                        new ShareAvailability(Market.LON, "LONA110224", ShareType.BONUS, 200, 200),
                        new ShareAvailability(Market.NYK, "NYKM100224", ShareType.BONUS, 100, 100),
                        new ShareAvailability(Market.TOK, "TOKE120224", ShareType.BONUS, 300, 300));
    }

    @Test
    void tBuyer01_shouldRecordAPurchaseWithSufficientCapacityAndReduceRemaining() {
        fixture.given("LONM100224", "EQUITY", 100);
        Result result = fixture.purchase(NYK_BUYER, "LONM100224", "EQUITY", 40);
        assertThat(result.data()).isEqualTo(new SharePurchased("LONM100224", ShareType.EQUITY, 40, 40));
        assertThat(((ShareAvailabilityList) fixture.list(NYK_BUYER, "EQUITY").data()).shares().get(0).remaining()).isEqualTo(60);
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings())
                .containsExactly(new Holding(Market.LON, "LONM100224", ShareType.EQUITY, 40));
    }

    @Test
    void tBuyer02_shouldGrantPartiallyBeyondCapacityAndFailForAnUnknownShareId() {
        fixture.given("LONM100224", "EQUITY", 100);
        Result partial = fixture.purchase(NYK_BUYER, "LONM100224", "EQUITY", 150);
        assertThat(partial.data()).isEqualTo(new SharePurchased("LONM100224", ShareType.EQUITY, 150, 100));
        assertThat(partial.message()).contains("purchased 100 of 150");
        assertThat(fixture.purchase(NYK_BUYER, "LONM110224", "EQUITY", 1).code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
        assertThat(fixture.purchase(LON_BUYER, "LONM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.SHARE_FULL);
    }

    @Test
    void tBuyer03_shouldReturnAllHoldingsFromAllMarkets() {
        fixture.given("LONM100224", "EQUITY", 100);
        fixture.given("NYKA110224", "BONUS", 100);
        fixture.given("TOKE120224", "DIVIDEND", 100);
        fixture.holding(NYK_BUYER, "TOKE120224", "DIVIDEND", 3);
        fixture.holding(NYK_BUYER, "LONM100224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKA110224", "BONUS", 2);
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings())
                .containsExactly(
                        new Holding(Market.LON, "LONM100224", ShareType.EQUITY, 1),
                        new Holding(Market.NYK, "NYKA110224", ShareType.BONUS, 2),
                        new Holding(Market.TOK, "TOKE120224", ShareType.DIVIDEND, 3));
    }

    @Test
    void tBuyer04_shouldSellUpToTheHeldQuantityIncreasingRemaining() {
        fixture.given("LONM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "LONM100224", "EQUITY", 40);
        assertThat(fixture.sell(NYK_BUYER, "LONM100224", 15, "EQUITY").data())
                .isEqualTo(new ShareSold("LONM100224", ShareType.EQUITY, 15, 25));
        assertThat(fixture.sell(NYK_BUYER, "LONM100224", 25, null).data())
                .isEqualTo(new ShareSold("LONM100224", ShareType.EQUITY, 25, 0));
        assertThat(((ShareAvailabilityList) fixture.list(NYK_BUYER, "EQUITY").data()).shares().get(0).remaining()).isEqualTo(100);
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings()).isEmpty();
    }

    @Test
    void tBuyer05_shouldRejectSellingAShareNotOwned() {
        fixture.given("LONM100224", "EQUITY", 100);
        Result result = fixture.sell(NYK_BUYER, "LONM100224", 1, "EQUITY");
        assertThat(result.code()).isEqualTo(ResultCode.NOT_HELD);
        assertThat(result.message()).contains("does not hold");
    }

    @Test
    void tBuyer06_shouldSwapForANewShareWithEnoughCapacity() {
        fixture.given("LONM100224", "EQUITY", 100);
        fixture.given("TOKA150224", "BONUS", 100);
        fixture.holding(NYK_BUYER, "LONM100224", "EQUITY", 40);
        Result result = fixture.swap(NYK_BUYER, "LONM100224", "EQUITY", "TOKA150224", "BONUS");
        assertThat(result.data()).isEqualTo(new SharesSwapped("LONM100224", ShareType.EQUITY, "TOKA150224", ShareType.BONUS, 40));
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings())
                .containsExactly(new Holding(Market.TOK, "TOKA150224", ShareType.BONUS, 40));
    }

    @Test
    void tBuyer07_shouldFailASwapWhenTheNewShareLacksCapacityKeepingTheOldHolding() {
        fixture.given("LONM100224", "EQUITY", 100);
        fixture.given("TOKA150224", "BONUS", 30);
        fixture.holding(NYK_BUYER, "LONM100224", "EQUITY", 40);
        Result result = fixture.swap(NYK_BUYER, "LONM100224", "EQUITY", "TOKA150224", "BONUS");
        assertThat(result.code()).isEqualTo(ResultCode.SHARE_FULL);
        assertThat(result.message()).contains("fewer than the 40 held");
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings())
                .containsExactly(new Holding(Market.LON, "LONM100224", ShareType.EQUITY, 40));
    }
}
