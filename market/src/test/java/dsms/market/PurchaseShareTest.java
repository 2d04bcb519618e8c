package dsms.market;

import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_BUYER;
import static dsms.market.MarketFixture.TOK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.SharePurchased;
import org.junit.jupiter.api.Test;

/**
 * purchaseShare, rule by rule and step by step of its check order. Dates: 5 to 11 February 2024 is
 * ISO week 2024-W06; 12 February 2024 starts 2024-W07.
 */
class PurchaseShareTest {
    private final MarketFixture fixture = new MarketFixture();

    @Test
    void shouldGrantTheRequestedUnitsWhenEnoughRemain() {
        fixture.given("NYKM100224", "EQUITY", 100);
        Result result = fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 30);
        assertThat(result.data()).isEqualTo(new SharePurchased("NYKM100224", ShareType.EQUITY, 30, 30));
        assertThat(fixture.list(NYK_BUYER, "EQUITY").data().toString()).contains("remaining=70");
    }

    @Test
    void shouldGrantOnlyWhatRemainsWhenMoreIsRequested() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(LON_BUYER, "NYKM100224", "EQUITY", 80);
        Result result = fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 50);
        assertThat(result.data()).isEqualTo(new SharePurchased("NYKM100224", ShareType.EQUITY, 50, 20));
    }

    @Test
    void shouldRejectPurchaseOfAMissingShare() {
        fixture.given("NYKM100224", "EQUITY", 100);
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "BONUS", 1).code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
    }

    @Test
    void shouldRejectPurchaseOfAShareAlreadyHeld() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.ALREADY_HELD);
    }

    @Test
    void shouldRejectASecondShareOfTheSameTypeAndDateAcrossMarkets() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("TOKE100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        Result result = fixture.purchase(NYK_BUYER, "TOKE100224", "EQUITY", 1);
        assertThat(result.code()).isEqualTo(ResultCode.DAILY_LIMIT);
        assertThat(result.message()).contains("NYKM100224 EQUITY");
    }

    @Test
    void shouldRejectASecondShareOfTheSameTypeAndDateInTheHomeMarketToo() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKA100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        assertThat(fixture.purchase(NYK_BUYER, "NYKA100224", "EQUITY", 1).code()).isEqualTo(ResultCode.DAILY_LIMIT);
    }

    @Test
    void shouldAllowSharesOfTheSameDateUnderDifferentTypes() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM100224", "BONUS", 100);
        fixture.given("NYKA100224", "DIVIDEND", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM100224", "BONUS", 1);
        fixture.holding(NYK_BUYER, "NYKA100224", "DIVIDEND", 1);
    }

    @Test
    void shouldAllowSharesOfTheSameTypeOnDifferentDates() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM110224", "EQUITY", 1);
    }

    @Test
    void shouldRejectPurchaseOfFourthShareInSameIsoWeekOutsideHomeMarket() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("TOKM090224", "EQUITY", 100);
        Result result = fixture.purchase(NYK_BUYER, "TOKM090224", "EQUITY", 1);
        assertThat(result.code()).isEqualTo(ResultCode.WEEKLY_LIMIT);
        assertThat(result.message()).contains("2024-W06");
    }

    @Test
    void shouldAllowAThirdShareInSameIsoWeekOutsideHomeMarket() {
        fixture.given("LONM050224", "EQUITY", 100);
        fixture.given("TOKM060224", "BONUS", 100);
        fixture.given("LONE070224", "DIVIDEND", 100);
        fixture.holding(NYK_BUYER, "LONM050224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "TOKM060224", "BONUS", 1);
        fixture.holding(NYK_BUYER, "LONE070224", "DIVIDEND", 1);
    }

    @Test
    void shouldNeverLimitPurchasesInTheHomeMarketByTheWeeklyRule() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("NYKM090224", "EQUITY", 100);
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM090224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM110224", "EQUITY", 1);
    }

    @Test
    void shouldNotCountHomeMarketHoldingsTowardsTheWeeklyRule() {
        fixture.given("NYKM050224", "EQUITY", 100);
        fixture.given("NYKM060224", "EQUITY", 100);
        fixture.given("NYKM070224", "EQUITY", 100);
        fixture.given("LONM080224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM050224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM060224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM070224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "LONM080224", "EQUITY", 1);
    }

    @Test
    void shouldAllowAFourthShareOutsideHomeMarketInTheNextIsoWeek() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("TOKM120224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "TOKM120224", "EQUITY", 1);
    }

    @Test
    void shouldUseTheIsoWeekBasedYearAcrossNewYear() {
        // 30 Dec 2024 to 5 Jan 2025 is ISO week 2025-W01; 29 Dec 2024 (a Sunday) is 2024-W52.
        fixture.given("LONM301224", "EQUITY", 100);
        fixture.given("LONM311224", "EQUITY", 100);
        fixture.given("TOKM010125", "EQUITY", 100);
        fixture.given("TOKM020125", "EQUITY", 100);
        fixture.given("TOKM291224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "LONM301224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "LONM311224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "TOKM010125", "EQUITY", 1);
        assertThat(fixture.purchase(NYK_BUYER, "TOKM020125", "EQUITY", 1).code()).isEqualTo(ResultCode.WEEKLY_LIMIT);
        fixture.holding(NYK_BUYER, "TOKM291224", "EQUITY", 1);
    }

    @Test
    void shouldApplyTheWeeklyRuleToEachBuyerSeparately() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("TOKM090224", "EQUITY", 100);
        fixture.holding(LON_BUYER, "TOKM090224", "EQUITY", 1);
        fixture.holding(TOK_BUYER, "TOKM090224", "EQUITY", 1);
    }

    @Test
    void shouldRejectPurchaseOfAShareWithNothingRemaining() {
        fixture.given("NYKM100224", "EQUITY", 5);
        fixture.holding(LON_BUYER, "NYKM100224", "EQUITY", 5);
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.SHARE_FULL);
    }

    @Test
    void shouldFreeTheDailySlotWhenTheHoldingIsSold() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("TOKE100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 4);
        fixture.sell(NYK_BUYER, "NYKM100224", 4, "EQUITY");
        fixture.holding(NYK_BUYER, "TOKE100224", "EQUITY", 1);
    }

    @Test
    void shouldFreeTheWeeklySlotWhenAHoldingIsSwappedAway() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("NYKM200224", "EQUITY", 100);
        fixture.given("TOKM090224", "EQUITY", 100);
        assertThat(fixture.swap(NYK_BUYER, "LONM050224", "EQUITY", "NYKM200224", "EQUITY").code()).isEqualTo(ResultCode.OK);
        fixture.holding(NYK_BUYER, "TOKM090224", "EQUITY", 1);
    }

    @Test
    void shouldCheckExistenceBeforeAlreadyHeld() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        fixture.remove("NYKA0001", "NYKM100224", "EQUITY");
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
    }

    @Test
    void shouldCheckAlreadyHeldBeforeTheDailyRule() {
        // The held share itself has the same type and date, so the daily rule would also fail.
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        assertThat(fixture.purchase(NYK_BUYER, "nykm100224", "equity", 1).code()).isEqualTo(ResultCode.ALREADY_HELD);
    }

    @Test
    void shouldCheckTheDailyRuleBeforeTheWeeklyRule() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("TOKA050224", "EQUITY", 100);
        assertThat(fixture.purchase(NYK_BUYER, "TOKA050224", "EQUITY", 1).code()).isEqualTo(ResultCode.DAILY_LIMIT);
    }

    @Test
    void shouldCheckTheWeeklyRuleBeforeRemainingUnits() {
        givenThreeSharesOutsideHomeInWeekSix();
        fixture.given("TOKM090224", "EQUITY", 1);
        fixture.holding(TOK_BUYER, "TOKM090224", "EQUITY", 1);
        assertThat(fixture.purchase(NYK_BUYER, "TOKM090224", "EQUITY", 1).code()).isEqualTo(ResultCode.WEEKLY_LIMIT);
    }

    @Test
    void shouldCheckTheDailyRuleBeforeRemainingUnits() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKA100224", "EQUITY", 1);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 1);
        fixture.holding(LON_BUYER, "NYKA100224", "EQUITY", 1);
        assertThat(fixture.purchase(NYK_BUYER, "NYKA100224", "EQUITY", 1).code()).isEqualTo(ResultCode.DAILY_LIMIT);
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
