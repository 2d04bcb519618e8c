package dsms.market;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;

/**
 * A market under test with short helpers for each operation. Every call checks the invariants
 * afterwards and, for a failed operation, that the snapshot did not change.
 */
class MarketFixture {
    static final String NYK_ADMIN = "NYKA0001";
    static final String LON_ADMIN = "LONA0001";
    static final String TOK_ADMIN = "TOKA0001";
    static final String NYK_BUYER = "NYKB0001";
    static final String LON_BUYER = "LONB0001";
    static final String TOK_BUYER = "TOKB0001";

    final ShareMarket market = new ShareMarket();
    final RecordingAuditSink audit = new RecordingAuditSink();
    private long sequence;

    Result run(Command command) {
        byte[] before = market.snapshot();
        sequence++;
        Result result = market.execute(sequence, 1_707_559_200_000L + sequence * 1000, command, audit);
        market.checkInvariants();
        if (!result.ok()) {
            assertThat(market.snapshot()).as("a failed %s changes nothing", command.operation()).isEqualTo(before);
        }
        return result;
    }

    Result runQuietly(Command command) {
        sequence++;
        return market.execute(sequence, sequence, command, AuditSink.NONE);
    }

    Result add(String admin, String shareId, String type, long capacity) {
        return run(new AddShare(admin, shareId, type, capacity));
    }

    /** Adds a share as the admin of its market, expecting success. */
    void given(String shareId, String type, long capacity) {
        String admin = shareId.substring(0, 3).toUpperCase() + "A0001";
        assertThat(add(admin, shareId, type, capacity).code()).isEqualTo(ResultCode.OK);
    }

    /** Makes the buyer hold {@code count} units of an existing share, expecting success. */
    void holding(String buyer, String shareId, String type, long count) {
        Result result = purchase(buyer, shareId, type, count);
        assertThat(result.code()).as(result.message()).isEqualTo(ResultCode.OK);
    }

    Result remove(String admin, String shareId, String type) {
        return run(new RemoveShare(admin, shareId, type));
    }

    Result list(String user, String type) {
        return run(new ListShareAvailability(user, type));
    }

    Result purchase(String buyer, String shareId, String type, long count) {
        return run(new PurchaseShare(buyer, shareId, type, count));
    }

    Result getShares(String buyer) {
        return run(new GetShares(buyer));
    }

    Result sell(String buyer, String shareId, long count, String type) {
        return run(new SellShare(buyer, shareId, count, type));
    }

    Result swap(String buyer, String oldShareId, String oldType, String newShareId, String newType) {
        return run(new SwapShares(buyer, oldShareId, oldType, newShareId, newType));
    }
}
