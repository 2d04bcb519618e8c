package dsms.market;

import static dsms.market.MarketFixture.LON_ADMIN;
import static dsms.market.MarketFixture.LON_BUYER;
import static dsms.market.MarketFixture.NYK_ADMIN;
import static dsms.market.MarketFixture.NYK_BUYER;
import static dsms.market.MarketFixture.TOK_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.result.ResultCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Role and market checks (NOT_AUTHORIZED), and their place in the check order. */
class AuthorizationTest {
    private final MarketFixture fixture = new MarketFixture();

    @BeforeEach
    void givenAShareHeldByABuyer() {
        fixture.given("NYKM100224", "EQUITY", 100);
        fixture.given("NYKA100224", "EQUITY", 100);
        fixture.holding(NYK_BUYER, "NYKM100224", "EQUITY", 10);
    }

    @Test
    void shouldRejectAnAdminAddingASharetoAnotherMarket() {
        assertThat(fixture.add(LON_ADMIN, "NYKE100224", "EQUITY", 10).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.add(TOK_ADMIN, "NYKE100224", "EQUITY", 10).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldRejectAnAdminRemovingAShareOfAnotherMarket() {
        assertThat(fixture.remove(LON_ADMIN, "NYKM100224", "EQUITY").code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldRejectABuyerCallingAdminOperationsEvenInItsHomeMarket() {
        assertThat(fixture.add(NYK_BUYER, "NYKE100224", "EQUITY", 10).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.remove(NYK_BUYER, "NYKM100224", "EQUITY").code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldRejectAnAdminCallingBuyerOperations() {
        assertThat(fixture.purchase(NYK_ADMIN, "NYKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.getShares(NYK_ADMIN).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.sell(NYK_ADMIN, "NYKM100224", 1, "EQUITY").code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.swap(NYK_ADMIN, "NYKM100224", "EQUITY", "NYKA100224", "EQUITY").code())
                .isEqualTo(ResultCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldLetAnyUserListAvailability() {
        assertThat(fixture.list(NYK_ADMIN, "EQUITY").code()).isEqualTo(ResultCode.OK);
        assertThat(fixture.list(LON_ADMIN, "EQUITY").code()).isEqualTo(ResultCode.OK);
        assertThat(fixture.list(LON_BUYER, "EQUITY").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void shouldReportInvalidArgumentBeforeNotAuthorized() {
        assertThat(fixture.add(NYK_BUYER, "NYKM310224", "EQUITY", 10).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.add(LON_ADMIN, "NYKE100224", "EQUITY", 0).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.purchase(NYK_ADMIN, "NYKM100224", "BOND", 1).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(fixture.sell(NYK_ADMIN, "NYKM100224", -1, null).code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldReportNotAuthorizedBeforeTheOperationsOwnChecks() {
        // The share exists (SHARE_EXISTS would follow) and is missing (SHARE_NOT_FOUND would follow).
        assertThat(fixture.add(LON_ADMIN, "NYKM100224", "EQUITY", 10).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.remove(LON_ADMIN, "NYKE110224", "EQUITY").code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.purchase(NYK_ADMIN, "TOKM100224", "EQUITY", 1).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
        assertThat(fixture.sell(NYK_ADMIN, "TOKM100224", 1, null).code()).isEqualTo(ResultCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldNameTheUserAndTheRequiredRoleInTheMessage() {
        assertThat(fixture.add(LON_ADMIN, "NYKE100224", "EQUITY", 10).message())
                .isEqualTo("LONA0001 may not add shares to NYK: only an admin of NYK may");
        assertThat(fixture.purchase(NYK_ADMIN, "NYKM100224", "EQUITY", 1).message())
                .isEqualTo("NYKA0001 may not purchase shares: only buyers may");
    }
}
