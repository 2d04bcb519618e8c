package dsms.market;

import static dsms.market.MarketFixture.LON_ADMIN;
import static dsms.market.MarketFixture.NYK_ADMIN;
import static dsms.market.MarketFixture.NYK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.ShareAdded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-formedness of arguments: the first check of every operation, answered INVALID_ARGUMENT. */
class ArgumentValidationTest {
    private final MarketFixture fixture = new MarketFixture();

    @ParameterizedTest
    @ValueSource(strings = {"", "NYKA123", "NYKA12345", "NYKC1234", "PARA1234", "NYKA12x4", "NY A1234", "NYKA-123", "NYKA１２３４"})
    void shouldRejectMalformedActingUserIds(String actingUser) {
        Result result = fixture.add(actingUser, "NYKM100224", "EQUITY", 10);
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(result.message()).contains("user ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nyka0001", "NyKa0001"})
    void shouldAcceptActingUserIdsInAnyCase(String actingUser) {
        assertThat(fixture.add(actingUser, "NYKM100224", "EQUITY", 10).code()).isEqualTo(ResultCode.OK);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", "NYKM10022", "NYKM1002245", "PARM100224", "NYKX100224", "NYKM000224", "NYKM320124", "NYKM100024",
                "NYKM101324", "NYKM1a0224", "NYKM10-224", "NYKM290223", "NYKM310424"
            })
    void shouldRejectMalformedShareIds(String shareId) {
        Result result = fixture.add(NYK_ADMIN, shareId, "EQUITY", 10);
        assertThat(result.code()).as(shareId).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(result.message()).contains("share ID");
    }

    @Test
    void shouldRejectThirtyFirstOfFebruaryAsNoRealDate() {
        assertThat(fixture.add(LON_ADMIN, "LONM310224", "EQUITY", 10).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldAcceptTwentyNinthOfFebruaryOfALeapYearOnly() {
        assertThat(fixture.add(LON_ADMIN, "LONM290224", "EQUITY", 10).code()).isEqualTo(ResultCode.OK);
        assertThat(fixture.add(LON_ADMIN, "LONM290225", "EQUITY", 10).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldReadTheTwoDigitYearAsTwentyYy() {
        // 2000 is a leap year (1900 was not), so 29 Feb 00 is only valid in the 20yy reading.
        assertThat(fixture.add(LON_ADMIN, "LONM290200", "EQUITY", 10).code()).isEqualTo(ResultCode.OK);
        assertThat(fixture.add(LON_ADMIN, "LONE311299", "EQUITY", 10).code()).isEqualTo(ResultCode.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NYKM100224", "NYKA100224", "NYKE100224"})
    void shouldAcceptEverySessionLetter(String shareId) {
        assertThat(fixture.add(NYK_ADMIN, shareId, "EQUITY", 10).code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldNormaliseShareIdsAndTypesToUpperCase() {
        Result result = fixture.add("nyka0001", "nykm100224", "equity", 10);
        assertThat(result.data()).isEqualTo(new ShareAdded("NYKM100224", ShareType.EQUITY, 10));
        assertThat(fixture.add(NYK_ADMIN, "NYKM100224", "Equity", 10).code()).isEqualTo(ResultCode.SHARE_EXISTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "STOCK", "EQUITIES", "EQUITY ", "ＥQUITY", "equıty"})
    void shouldRejectUnknownShareTypes(String type) {
        Result result = fixture.add(NYK_ADMIN, "NYKM100224", type, 10);
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(result.message()).contains("share type");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1_000_000_001, Long.MIN_VALUE, Long.MAX_VALUE})
    void shouldRejectCapacitiesOutsideOneToOneBillion(long capacity) {
        assertThat(fixture.add(NYK_ADMIN, "NYKM100224", "EQUITY", capacity).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 1_000_000_000})
    void shouldAcceptCapacitiesAtBothBounds(long capacity) {
        assertThat(fixture.add(NYK_ADMIN, "NYKM100224", "EQUITY", capacity).code()).isEqualTo(ResultCode.OK);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5, 1_000_000_001})
    void shouldRejectPurchaseAndSaleCountsOutsideOneToOneBillion(long count) {
        fixture.given("NYKM100224", "EQUITY", 10);
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", count).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 5);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", count, "EQUITY").code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldAcceptAPurchaseOfOneBillionUnitsAndGrantWhatRemains() {
        fixture.given("NYKM100224", "EQUITY", 10);
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 1_000_000_000).code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldRejectAMalformedTypeGivenToASale() {
        fixture.given("NYKM100224", "EQUITY", 10);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 5);
        assertThat(fixture.sell(NYK_BUYER, "NYKM100224", 1, "STOCK").code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldRejectMalformedArgumentsOfEveryOperation() {
        assertThat(fixture.remove(NYK_ADMIN, "NYKM100224", "BOND").code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.list(NYK_BUYER, "BOND").code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.list("NYKZ0001", "EQUITY").code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.getShares("NYKB001").code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM310224", "EQUITY").code())
                .isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "EQUITY", "NYKM100224", "BOND").code())
                .isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.swap(NYK_BUYER, "NYKM100224", "BOND", "NYKM100224", "EQUITY").code())
                .isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldKeepMessagesOnOneLineWhateverTheInput() {
        Result result = fixture.add(NYK_ADMIN, "NYKM1\n0224", "EQUITY", 10);
        assertThat(result.message()).doesNotContain("\n").contains("\\u000a");
    }

    @Test
    void shouldCutVeryLongInputInMessages() {
        Result result = fixture.add(NYK_ADMIN, "N".repeat(10_000), "EQUITY", 10);
        assertThat(result.message()).hasSizeLessThan(300).contains("10000 chars");
    }
}
