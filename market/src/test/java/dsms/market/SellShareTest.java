package dsms.market;

import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareSold;
import org.junit.jupiter.api.Test;

/** sellShare, including the choice of type when none is given. */
class SellShareTest {
    private final MarketFixture fixture = new MarketFixture();

    @Test
    void shouldReturnSoldUnitsToTheShareAndReportWhatIsLeft() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 30);
        Result result = fixture.sell(NYK_BUYER, "NYKM100224", 10, "EQUITY");
        assertThat(result.data()).isEqualTo(new ShareSold("NYKM100224", ShareType.EQUITY, 10, 20));
        assertThat(fixture.list(NYK_BUYER, "EQUITY").data().toString()).contains("remaining=80");
    }

    @Test
    void shouldDeleteTheHoldingWhenEverythingIsSold() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 30);
        assertThat(((ShareSold) fixture.sell(NYK_BUYER, "NYKM100224", 30, "EQUITY").data()).held()).isZero();
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings()).isEmpty();
        assertThat(fixture.market.holdingCount()).isZero();
    }

    @Test
    void shouldRejectSellingAShareNotHeld() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(LON_BUYER, "NYKM100224", "EQUITY", 30);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 1, "EQUITY").code()).isEqualTo(ResultCode.NOT_HELD);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 1, null).code()).isEqualTo(ResultCode.NOT_HELD);
        assertThat(fixture.sell(NYK_BUYER, "TOKM100224", 1, null).code()).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void shouldRejectSellingMoreThanHeldAndChangeNothing() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 30);
        Result result = fixture.sell(NYK_BUYER, "NYKM100224", 31, "EQUITY");
        assertThat(result.code()).isEqualTo(ResultCode.INSUFFICIENT_HOLDING);
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings().get(0).count()).isEqualTo(30);
    }

    @Test
    void shouldSellTheOnlyTypeHeldWhenNoTypeIsGiven() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM100224", "BONUS", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "BONUS", 30);
        Result result = fixture.sell(NYK_BUYER, "nykm100224", 5, null);
        assertThat(result.data()).isEqualTo(new ShareSold("NYKM100224", ShareType.BONUS, 5, 25));
    }

    @Test
    void shouldRejectASaleWithoutTypeOfAnIdHeldUnderSeveralTypes() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM100224", "DIVIDEND", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 30);
        fixture.holding(NYK_BUYER, "NYKM100224", "DIVIDEND", 30);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 5, null).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 5, "DIVIDEND").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldRejectAGivenTypeThatIsNotHeldEvenWhenAnotherTypeIs() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM100224", "BONUS", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 30);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 5, "BONUS").code()).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void shouldCheckTheAmbiguousTypeBeforeTheHeldQuantity() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM100224", "BONUS", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        fixture.holding(NYK_BUYER, "NYKM100224", "BONUS", 3);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 50, null).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldCheckHeldBeforeTheQuantity() {
        fixture.given("NYKM100224", "EQUITY", 100);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 1_000_000_000, "EQUITY").code()).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void shouldNotMistakeANeighbouringShareIdForTheOneSold() {
        fixture.given("NYKM100224", "DIVIDEND", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "DIVIDEND", 3);
        fixture.holding(NYK_BUYER, "NYKM110224", "EQUITY", 3);
        assertThat(((ShareSold) fixture.sell(NYK_BUYER, "NYKM100224", 1, null).data()).shareType()).isEqualTo(ShareType.DIVIDEND);
        assertThat(((ShareSold) fixture.sell(NYK_BUYER, "NYKM110224", 1, null).data()).shareType()).isEqualTo(ShareType.EQUITY);
    }
}
