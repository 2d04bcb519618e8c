package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.market.result.Result;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HoldingsPlanTest {
    private static final DateTimeFormatter SHARE_DATE = DateTimeFormatter.ofPattern("ddMMyy");

    @Test
    void shouldPlanExactlyTheHoldingsAskedForWithTheLastBuyerTakingTheRemainder() {
        HoldingsPlan plan = new HoldingsPlan(1_000, 34);

        assertThat(plan.buyerCount()).isEqualTo(30);
        long total = 0;
        for (int buyer = 0; buyer < plan.buyerCount(); buyer++) {
            assertThat(plan.purchases(buyer)).hasSize(plan.holdingCount(buyer));
            total += plan.holdingCount(buyer);
        }
        assertThat(total).isEqualTo(1_000);
        assertThat(plan.holdingCount(29)).isEqualTo(1_000 - 29 * 34);
    }

    @Test
    void shouldSpreadBuyersOverTheThreeMarketsWithValidIds() {
        HoldingsPlan plan = new HoldingsPlan(100, 10);

        assertThat(plan.buyerId(0)).isEqualTo("NYKB0000");
        assertThat(plan.buyerId(1)).isEqualTo("LONB0000");
        assertThat(plan.buyerId(2)).isEqualTo("TOKB0000");
        assertThat(plan.buyerId(3)).isEqualTo("NYKB0001");
        assertThat(new HoldingsPlan(30_000, 1).buyerId(29_999)).isEqualTo("TOKB9999");
    }

    @Test
    void shouldBuyOnlyInTheHomeMarketAndNeverTheSameTypeTwiceOnOneDate() {
        HoldingsPlan plan = new HoldingsPlan(200_000, 40);

        for (int buyer = 0; buyer < plan.buyerCount(); buyer += 97) {
            String market = plan.buyerId(buyer).substring(0, 3);
            Set<String> typeAndDate = new HashSet<>();
            for (HoldingsPlan.Purchase purchase : plan.purchases(buyer)) {
                assertThat(purchase.shareId()).startsWith(market);
                String date = purchase.shareId().substring(4);
                assertThat(typeAndDate.add(purchase.shareType() + date))
                        .as("buyer %s holds one %s share dated %s", plan.buyerId(buyer), purchase.shareType(), date)
                        .isTrue();
            }
        }
    }

    @Test
    void shouldCreateEveryShareThePurchasesNeedOnRealDatesFrom2030() {
        HoldingsPlan plan = new HoldingsPlan(50_000, 34);
        Set<String> created = new HashSet<>();
        for (HoldingsPlan.Share share : plan.shares()) {
            assertThat(share.adminId()).isEqualTo(share.shareId().substring(0, 3) + "A0001");
            LocalDate date = LocalDate.parse(share.shareId().substring(4), SHARE_DATE);
            assertThat(date).isAfterOrEqualTo(LocalDate.of(2030, 1, 1)).isBeforeOrEqualTo(LocalDate.of(2099, 12, 31));
            assertThat(created.add(share.shareId() + "/" + share.shareType())).isTrue();
        }
        Map<String, Integer> holdersByShare = new HashMap<>();
        for (int buyer = 0; buyer < plan.buyerCount(); buyer++) {
            for (HoldingsPlan.Purchase purchase : plan.purchases(buyer)) {
                String share = purchase.shareId() + "/" + purchase.shareType();
                assertThat(created).contains(share);
                holdersByShare.merge(share, 1, Integer::sum);
            }
        }
        assertThat(holdersByShare.values()).allSatisfy(holders -> assertThat((long) holders).isLessThanOrEqualTo(HoldingsPlan.CAPACITY));
        assertThat(holdersByShare.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("shares are many, each held by about a hundred buyers")
                .isLessThanOrEqualTo(2 * HoldingsPlan.HOLDERS_PER_SHARE_TARGET);
    }

    @Test
    void shouldBeTheSamePlanEveryTime() {
        HoldingsPlan first = new HoldingsPlan(10_000, 34);
        HoldingsPlan second = new HoldingsPlan(10_000, 34);

        assertThat(second.shares()).isEqualTo(first.shares());
        for (int buyer = 0; buyer < first.buyerCount(); buyer++) {
            assertThat(second.purchases(buyer)).isEqualTo(first.purchases(buyer));
        }
    }

    @Test
    void shouldRefusePlansTheMarketCannotHold() {
        assertThatThrownBy(() -> new HoldingsPlan(1_000_000, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 34");
        assertThatThrownBy(() -> new HoldingsPlan(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldingsPlan(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The plan run through the real market: every operation succeeds and the holdings are all there. */
    @Test
    void shouldLoadIntoTheRealMarketWithoutASingleRefusal() {
        HoldingsPlan plan = new HoldingsPlan(3_000, 34);
        MarketService market = new MarketService();
        long sequence = 0;
        for (HoldingsPlan.Share share : plan.shares()) {
            Result result = run(market, ++sequence, share.adminId(), "addShare",
                    List.of(share.shareId(), share.shareType(), Long.toString(share.capacity())));
            assertThat(result.code().name()).as(share.toString()).isEqualTo("OK");
        }
        for (int buyer = 0; buyer < plan.buyerCount(); buyer++) {
            for (HoldingsPlan.Purchase purchase : plan.purchases(buyer)) {
                Result result = run(market, ++sequence, plan.buyerId(buyer), "purchaseShare",
                        List.of(purchase.shareId(), purchase.shareType(), "1"));
                assertThat(result.code().name()).as(plan.buyerId(buyer) + " " + purchase).isEqualTo("OK");
            }
        }
        int lastBuyer = plan.buyerCount() - 1;
        Result holdings = run(market, ++sequence, plan.buyerId(lastBuyer), "getShares", List.of());
        assertThat(holdings.toString()).contains(plan.purchases(lastBuyer).get(0).shareId());
    }

    private static Result run(MarketService market, long sequence, String user, String operation, List<String> arguments) {
        ParseOutcome parsed = Commands.parse(user, operation, arguments);
        assertThat(parsed).isInstanceOf(ParseOutcome.Parsed.class);
        byte[] command = CommandCodec.encode(((ParseOutcome.Parsed) parsed).command());
        byte[] result = market.apply(sequence, 1_700_000_000_000L, command, AuditSink.NONE);
        return ResultCodec.decode(result).orElseThrow();
    }
}
