package dsms.market;

import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.SharesSwapped;
import org.junit.jupiter.api.Test;

/** swapShares: its check order, its all-or-nothing effect and rules evaluated after the swap. */
class SwapSharesTest {
    private final MarketFixture fixture = new MarketFixture();

    @Test
    void shouldReplaceTheWholeOldHoldingBySameUnitsOfTheNewShare() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("TOKE120224", "BONUS", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 30);

        Result result = fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "TOKE120224", "BONUS");

        assertThat(result.data()).isEqualTo(new SharesSwapped("NYKM100224", ShareType.EQUITY, "TOKE120224", ShareType.BONUS, 30));
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings())
                .containsExactly(new Holding(Market.TOK, "TOKE120224", ShareType.BONUS, 30));
        assertThat(fixture.list(NYK_BUYER, "EQUITY").data().toString()).contains("remaining=100");
        assertThat(fixture.list(NYK_BUYER, "BONUS").data().toString()).contains("remaining=70");
    }

    @Test
    void shouldRejectSwappingAShareNotHeld() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM110224", "EQUITY").code()).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void shouldRejectSwappingAShareForItself() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "nykm100224", "equity").code())
                .isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldCheckHeldBeforeSameness() {
        fixture.given("NYKM100224", "EQUITY", 100);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM100224", "EQUITY").code()).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void shouldRejectSwappingForAMissingShare() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM110224", "EQUITY").code())
                .isEqualTo(ResultCode.SHARE_NOT_FOUND);
    }

    @Test
    void shouldRejectSwappingForAShareAlreadyHeld() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        fixture.holding(NYK_BUYER, "NYKM110224", "EQUITY", 3);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM110224", "EQUITY").code())
                .isEqualTo(ResultCode.ALREADY_HELD);
    }

    @Test
    void shouldAllowSwappingForAShareOfTheSameTypeAndDateSinceTheOldNoLongerCounts() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("TOKA100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "TOKA100224", "EQUITY").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldRejectASwapThatBreaksTheDailyRuleWithAnotherHolding() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.given("TOKA110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        fixture.holding(NYK_BUYER, "NYKM110224", "EQUITY", 3);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "TOKA110224", "EQUITY").code())
                .isEqualTo(ResultCode.DAILY_LIMIT);
    }

    @Test
    void shouldAllowSwappingOneOfThreeWeeklySharesForAFourthSinceTheOldNoLongerCounts() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("TOKM090224", "EQUITY", 100);
        assertThat(fixture.swap(NYK_BUYER, "LONE070224", "DIVIDEND", "TOKM090224", "EQUITY").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldRejectASwapFromTheHomeMarketThatMakesAFourthWeeklyShareOutsideIt() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("NYKM200224", "EQUITY", 100);
        fixture.given("TOKM090224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM200224", "EQUITY", 3);
        assertThat(fixture.swap(NYK_BUYER, "NYKM200224", "EQUITY", "TOKM090224", "EQUITY").code())
                .isEqualTo(ResultCode.WEEKLY_LIMIT);
    }

    @Test
    void shouldRejectASwapWhenTheNewShareHasFewerUnitsRemainingThanTheOldHolding() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 10);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 8);
        fixture.holding(LON_BUYER, "NYKM110224", "EQUITY", 3);
        Result result = fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM110224", "EQUITY");
        assertThat(result.code()).isEqualTo(ResultCode.SHARE_FULL);
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings())
                .containsExactly(new Holding(Market.NYK, "NYKM100224", ShareType.EQUITY, 8));
    }

    @Test
    void shouldAllowASwapWhenExactlyTheOldHoldingRemains() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 8);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 8);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM110224", "EQUITY").code()).isEqualTo(ResultCode.OK);
        assertThat(fixture.list(NYK_BUYER, "EQUITY").data().toString()).contains("remaining=0");
    }

    @Test
    void shouldCheckAlreadyHeldBeforeTheLimitsAndTheLimitsBeforeRemainingUnits() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("NYKM200224", "EQUITY", 100);
        fixture.given("TOKM090224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM200224", "EQUITY", 50);
        assertThat(fixture.swap(NYK_BUYER, "NYKM200224", "EQUITY", "TOKM090224", "EQUITY").code())
                .isEqualTo(ResultCode.WEEKLY_LIMIT);
        assertThat(fixture.swap(NYK_BUYER, "NYKM200224", "EQUITY", "LONM050224", "EQUITY").code())
                .isEqualTo(ResultCode.ALREADY_HELD);
    }

    @Test
    void shouldCheckTheNewShareExistsBeforeWhetherItIsHeld() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 3);
        fixture.holding(NYK_BUYER, "NYKM110224", "EQUITY", 3);
        fixture.remove("NYKA0001", "NYKM110224", "EQUITY");
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM110224", "EQUITY").code())
                .isEqualTo(ResultCode.SHARE_NOT_FOUND);
    }

    /** NYK_BUYER holds three shares outside New York dated in ISO week 2024-W06, of three types. */
    private void givenThreeSharesOutsideHomeInWeekSix() {
        fixture.given("LONM050224", "EQUITY", 100);
        fixture.given("TOKM060224", "BONUS", 100);
        fixture.given("LONE070224", "DIVIDEND", 100);
        fixture.holding(NYK_BUYER, "LONM050224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "TOKM060224", "BONUS", 1);
        fixture.holding(NYK_BUYER, "LONE070224", "DIVIDEND", 1);
    }
}
