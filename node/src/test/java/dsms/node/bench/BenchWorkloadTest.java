package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.core.AuditSink;
import dsms.market.ShareMarket;
import dsms.market.command.Commands;
import dsms.market.command.ParseOutcome;
import dsms.market.result.Result;
import dsms.node.http.Operations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The mixes run against the real share market, the way a batch may be executed: in any order.
 * Every operation must succeed, for full batches and for buyers outside the shares' market, where
 * the weekly rule applies.
 */
class BenchWorkloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A New York buyer (home market) and a London one (the weekly rule applies to NYK shares). */
    private static final List<String> BUYERS = List.of("NYKB0001", "LONB0002");

    private long sequence;

    private Result execute(ShareMarket market, String user, BenchWorkload.Operation operation) throws Exception {
        JsonNode fields = JSON.readTree(operation.body());
        List<String> arguments = new ArrayList<>();
        for (Operations.Field field : Operations.ALL.get(operation.name()).fields()) {
            if (fields.has(field.name())) {
                arguments.add(fields.get(field.name()).asText());
            }
        }
        // The JSON body and the binary batch's arguments carry the same operation.
        assertThat(arguments).as("%s in JSON", operation).isEqualTo(operation.call().arguments());
        ParseOutcome parsed = Commands.parse(user, operation.name(), arguments);
        assertThat(parsed).as("%s parses", operation).isInstanceOf(ParseOutcome.Parsed.class);
        sequence++;
        return market.execute(sequence, sequence, ((ParseOutcome.Parsed) parsed).command(), AuditSink.NONE);
    }

    /** Sets the market up as BenchSetup does, then runs {@code cycles} requests of each buyer with shuffled slots. */
    private void runWithoutBusinessErrors(BenchWorkload workload, int slots, int cycles) throws Exception {
        ShareMarket market = new ShareMarket();
        for (BenchWorkload.Share share : workload.sharesToCreate(slots)) {
            Result added = execute(market, BenchSetup.ADMIN, new BenchWorkload.Operation("addShare",
                    List.of(share.shareId(), share.shareType(), "1000")));
            assertThat(added.code().name()).as("adding %s", share).isEqualTo("OK");
        }
        for (String buyer : BUYERS) {
            for (BenchWorkload.Operation purchase : workload.holdingsToBuy(slots)) {
                assertThat(execute(market, buyer, purchase).ok()).as("%s buys %s", buyer, purchase).isTrue();
            }
        }
        java.util.Random random = new java.util.Random(20260101);
        for (int request = 0; request < cycles; request++) {
            for (String buyer : BUYERS) {
                List<Integer> order = new ArrayList<>();
                for (int slot = 0; slot < slots; slot++) {
                    order.add(slot);
                }
                // The cluster may order a batch's operations differently from the request.
                Collections.shuffle(order, random);
                for (int slot : order) {
                    BenchWorkload.Operation operation = workload.operation(slot, request % workload.variants());
                    Result result = execute(market, buyer, operation);
                    assertThat(result.ok()).as("%s request %d: %s -> %s", buyer, request, operation, result).isTrue();
                }
            }
        }
        market.checkInvariants();
    }

    @Test
    void shouldTradeFullBatchesWithoutBusinessErrors() throws Exception {
        runWithoutBusinessErrors(BenchWorkload.TRADE, BenchWorkload.SLOTS_MAX, 4);
    }

    @Test
    void shouldSwapFullBatchesWithoutBusinessErrors() throws Exception {
        runWithoutBusinessErrors(BenchWorkload.SWAP, BenchWorkload.SLOTS_MAX, 4);
    }

    @Test
    void shouldReadAndTradeSingleOperationsAsEarlierVersionsDid() throws Exception {
        runWithoutBusinessErrors(BenchWorkload.READ, 1, 2);
        runWithoutBusinessErrors(BenchWorkload.TRADE, 1, 4);
        assertThat(BenchWorkload.TRADE.operation(0, 0).body())
                .isEqualTo("{\"shareId\":\"NYKM010126\",\"shareType\":\"EQUITY\",\"count\":1}");
    }

    @Test
    void shouldKeepTradeAndSwapSharesApart() {
        Set<String> trade = new HashSet<>();
        for (BenchWorkload.Share share : BenchWorkload.TRADE.sharesToCreate(BenchWorkload.SLOTS_MAX)) {
            trade.add(share.shareId().substring(4));
        }
        for (BenchWorkload.Share share : BenchWorkload.SWAP.sharesToCreate(BenchWorkload.SLOTS_MAX)) {
            assertThat(trade).as("swap date of %s", share).doesNotContain(share.shareId().substring(4));
        }
        assertThat(BenchWorkload.READ.sharesToCreate(BenchWorkload.SLOTS_MAX)).isEmpty();
        assertThat(BenchWorkload.SWAP.sharesToCreate(10)).hasSize(20);
    }

    @Test
    void shouldBuildBatchElementsWithTheOperationName() {
        assertThat(BenchWorkload.READ.operation(3, 0).batchElement()).isEqualTo("{\"operation\":\"getShares\"}");
        assertThat(BenchWorkload.TRADE.operation(1, 1).batchElement())
                .isEqualTo("{\"operation\":\"sellShare\",\"shareId\":\"NYKM010126\",\"count\":1,\"shareType\":\"BONUS\"}");
    }
}
