package dsms.market.command;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.command.ParseOutcome.Parsed;
import dsms.market.command.ParseOutcome.Rejected;
import dsms.market.command.ParseOutcome.UsageError;
import dsms.market.result.ResultCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private static final String USER = "NYKB0001";

    @Test
    void shouldParseEveryOperationInTheArgumentOrderOfTheCommandLine() {
        assertThat(Commands.parse(USER, "addShare", List.of("NYKM100224", "EQUITY", "100")))
                .isEqualTo(new Parsed(new AddShare(USER, "NYKM100224", "EQUITY", 100)));
        assertThat(Commands.parse(USER, "removeShare", List.of("NYKM100224", "EQUITY")))
                .isEqualTo(new Parsed(new RemoveShare(USER, "NYKM100224", "EQUITY")));
        assertThat(Commands.parse(USER, "listShareAvailability", List.of("BONUS")))
                .isEqualTo(new Parsed(new ListShareAvailability(USER, "BONUS")));
        assertThat(Commands.parse(USER, "purchaseShare", List.of("NYKM100224", "EQUITY", "5")))
                .isEqualTo(new Parsed(new PurchaseShare(USER, "NYKM100224", "EQUITY", 5)));
        assertThat(Commands.parse(USER, "getShares", List.of())).isEqualTo(new Parsed(new GetShares(USER)));
        assertThat(Commands.parse(USER, "sellShare", List.of("NYKM100224", "5")))
                .isEqualTo(new Parsed(new SellShare(USER, "NYKM100224", 5, null)));
        assertThat(Commands.parse(USER, "sellShare", List.of("NYKM100224", "5", "BONUS")))
                .isEqualTo(new Parsed(new SellShare(USER, "NYKM100224", 5, "BONUS")));
        assertThat(Commands.parse(USER, "swapShares", List.of("NYKM100224", "EQUITY", "LONM100224", "BONUS")))
                .isEqualTo(new Parsed(new SwapShares(USER, "NYKM100224", "EQUITY", "LONM100224", "BONUS")));
    }

    @Test
    void shouldReportAnUnknownOperationAsAUsageError() {
        assertThat(Commands.parse(USER, "buyShare", List.of())).isInstanceOf(UsageError.class);
        assertThat(Commands.parse(USER, "ADDSHARE", List.of("NYKM100224", "EQUITY", "1"))).isInstanceOf(UsageError.class);
    }

    @Test
    void shouldReportAWrongNumberOfArgumentsAsAUsageErrorWithTheUsageLine() {
        ParseOutcome outcome = Commands.parse(USER, "sellShare", List.of("NYKM100224"));
        assertThat(outcome).isInstanceOf(UsageError.class);
        assertThat(((UsageError) outcome).message()).contains("sellShare SHAREID COUNT [TYPE]");
        assertThat(Commands.parse(USER, "getShares", List.of("x"))).isInstanceOf(UsageError.class);
        assertThat(Commands.parse(USER, "swapShares", List.of("a", "b", "c"))).isInstanceOf(UsageError.class);
        assertThat(Commands.parse(USER, "addShare", List.of("a", "b", "1", "2"))).isInstanceOf(UsageError.class);
    }

    @Test
    void shouldRejectANonNumericCountWithInvalidArgumentRatherThanAUsageError() {
        ParseOutcome outcome = Commands.parse(USER, "purchaseShare", List.of("NYKM100224", "EQUITY", "ten"));
        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(((Rejected) outcome).toResult().code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(Commands.parse(USER, "addShare", List.of("NYKM100224", "EQUITY", "1.5"))).isInstanceOf(Rejected.class);
        assertThat(Commands.parse(USER, "sellShare", List.of("NYKM100224", ""))).isInstanceOf(Rejected.class);
        assertThat(Commands.parse(USER, "sellShare", List.of("NYKM100224", "99999999999999999999"))).isInstanceOf(Rejected.class);
    }

    @Test
    void shouldPassOutOfRangeIntegersToTheMarketToJudge() {
        assertThat(Commands.parse(USER, "purchaseShare", List.of("NYKM100224", "EQUITY", "-3")))
                .isEqualTo(new Parsed(new PurchaseShare(USER, "NYKM100224", "EQUITY", -3)));
        assertThat(Commands.parse(USER, "addShare", List.of("NYKM100224", "EQUITY", "+0")))
                .isEqualTo(new Parsed(new AddShare(USER, "NYKM100224", "EQUITY", 0)));
    }

    @Test
    void shouldRejectArgumentsTooLongToBeValid() {
        assertThat(Commands.parse(USER, "getShares", List.of())).isInstanceOf(Parsed.class);
        String tooLong = "N".repeat(Commands.ARGUMENT_LENGTH_MAX + 1);
        assertThat(Commands.parse(USER, "removeShare", List.of(tooLong, "EQUITY"))).isInstanceOf(Rejected.class);
    }
}
