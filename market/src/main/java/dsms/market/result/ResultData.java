package dsms.market.result;

import dsms.core.Checks;
import dsms.market.Market;
import dsms.market.ShareType;
import java.util.List;

/**
 * The data of a successful result, one record per operation. Component names are exactly the field
 * names of DOMAIN.md "Result data", because JSON front ends serialise records by component name.
 */
public sealed interface ResultData {

    /** addShare. */
    record ShareAdded(String shareId, ShareType shareType, long capacity) implements ResultData {}

    /** removeShare: {@code buyersAffected} buyers lost their holding of the share. */
    record ShareRemoved(String shareId, ShareType shareType, long buyersAffected) implements ResultData {}

    /** listShareAvailability: ordered by market (LON, NYK, TOK), then share ID. */
    record ShareAvailabilityList(List<ShareAvailability> shares) implements ResultData {
        public ShareAvailabilityList {
            Checks.check(shares != null, "a listing has a share list");
            shares = List.copyOf(shares);
        }
    }

    /** One share of a listing. */
    record ShareAvailability(Market market, String shareId, ShareType shareType, long capacity, long remaining) {}

    /** purchaseShare: the buyer asked for {@code requested} units and got {@code purchased}. */
    record SharePurchased(String shareId, ShareType shareType, long requested, long purchased) implements ResultData {}

    /** getShares: ordered by market, share ID, then type (EQUITY, BONUS, DIVIDEND). */
    record HoldingList(List<Holding> holdings) implements ResultData {
        public HoldingList {
            Checks.check(holdings != null, "a holding list has a list");
            holdings = List.copyOf(holdings);
        }
    }

    /** One holding of a buyer. */
    record Holding(Market market, String shareId, ShareType shareType, long count) {}

    /** sellShare: {@code held} units are left after the sale. */
    record ShareSold(String shareId, ShareType shareType, long sold, long held) implements ResultData {}

    /** swapShares: the whole old holding of {@code count} units became {@code count} units of the new share. */
    record SharesSwapped(String oldShareId, ShareType oldShareType, String newShareId, ShareType newShareType, long count)
            implements ResultData {}
}
