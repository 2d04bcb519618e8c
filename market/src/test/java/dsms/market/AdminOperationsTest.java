package dsms.market;

import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_ADMIN;
import static dsms.market.MarketFixture.NYK_BUYER;
import static dsms.market.MarketFixture.TOK_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAdded;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import dsms.market.result.ResultData.ShareRemoved;
import org.junit.jupiter.api.Test;

/** addShare and removeShare. */
class AdminOperationsTest {
    private final MarketFixture fixture = new MarketFixture();

    @Test
    void shouldCreateAShareWithRemainingEqualToCapacity() {
        Result result = fixture.add(NYK_ADMIN, "NYKM100224", "EQUITY", 250);
        assertThat(result.data()).isEqualTo(new ShareAdded("NYKM100224", ShareType.EQUITY, 250));
        assertThat(((ShareAvailabilityList) fixture.list(NYK_ADMIN, "EQUITY").data()).shares())
                .containsExactly(new ShareAvailability(Market.NYK, "NYKM100224", ShareType.EQUITY, 250, 250));
    }

    @Test
    void shouldRejectAddingAShareThatExists() {
        fixture.given("NYKM100224", "EQUITY", 250);
        Result result = fixture.add(NYK_ADMIN, "NYKM100224", "EQUITY", 5);
        assertThat(result.code()).isEqualTo(ResultCode.SHARE_EXISTS);
        assertThat(((ShareAvailabilityList) fixture.list(NYK_ADMIN, "EQUITY").data()).shares().get(0).capacity()).isEqualTo(250);
    }

    @Test
    void shouldAllowTheSameShareIdOnceUnderEachType() {
        for (String type : new String[] {"EQUITY", "BONUS", "DIVIDEND"}) {
            assertThat(fixture.add(NYK_ADMIN, "NYKM100224", type, 10).code()).isEqualTo(ResultCode.OK);
        }
        assertThat(fixture.market.shareCount()).isEqualTo(3);
    }

    @Test
    void shouldRejectRemovingAShareThatDoesNotExist() {
        fixture.given("NYKM100224", "EQUITY", 10);
        assertThat(fixture.remove(NYK_ADMIN, "NYKM100224", "BONUS").code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
    }

    @Test
    void shouldRemoveAShareAndEveryHoldingOfItReportingBuyersAffected() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKM110224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 10);
        fixture.holding(LON_BUYER, "NYKM100224", "EQUITY", 20);
        fixture.holding(LON_BUYER, "NYKM110224", "EQUITY", 5);

        Result result = fixture.remove(NYK_ADMIN, "NYKM100224", "EQUITY");

        assertThat(result.data()).isEqualTo(new ShareRemoved("NYKM100224", ShareType.EQUITY, 2));
        assertThat(((HoldingList) fixture.getShares(NYK_BUYER).data()).holdings()).isEmpty();
        assertThat(((HoldingList) fixture.getShares(LON_BUYER).data()).holdings()).hasSize(1);
        assertThat(fixture.purchase(TOK_BUYER, "NYKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.SHARE_NOT_FOUND);
    }

    @Test
    void shouldReportZeroBuyersAffectedForAShareNobodyHolds() {
        fixture.given("NYKM100224", "EQUITY", 100);
        assertThat(((ShareRemoved) fixture.remove(NYK_ADMIN, "NYKM100224", "EQUITY").data()).buyersAffected()).isZero();
    }

    @Test
    void shouldWriteTheRemovalIntoEachAffectedBuyersLogInBuyerOrder() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(TOK_BUYER, "NYKM100224", "EQUITY", 7);
        fixture.holding(LON_BUYER, "NYKM100224", "EQUITY", 3);
        fixture.audit.lines.clear();

        fixture.remove(NYK_ADMIN, "NYKM100224", "EQUITY");

        assertThat(fixture.audit.logs()).containsExactly("user-NYKA0001", "market-NYK", "user-LONB0001", "user-TOKB0001");
        assertThat(fixture.audit.linesOf("user-TOKB0001").get(0))
                .contains("op=removeShare", "code=OK", "holder=TOKB0001", "unitsRemoved=7");
        assertThat(fixture.audit.linesOf("user-LONB0001").get(0)).endsWith("holder=LONB0001 unitsRemoved=3");
    }

    @Test
    void shouldLetARemovedShareBeAddedAgainEmpty() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 10);
        fixture.remove(NYK_ADMIN, "NYKM100224", "EQUITY");
        fixture.given("NYKM100224", "EQUITY", 50);
        assertThat(fixture.purchase(NYK_BUYER, "NYKM100224", "EQUITY", 60).message()).contains("purchased 50 of 60");
    }
}
