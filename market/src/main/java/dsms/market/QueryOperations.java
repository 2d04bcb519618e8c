package dsms.market;

import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.result.AsciiText;
import dsms.market.result.Result;
import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import java.util.ArrayList;
import java.util.List;

/** listShareAvailability and getShares: read-only, so they never change the state. */
final class QueryOperations {
    private static final AsciiText HOLDINGS = AsciiText.of(" holdings");

    private QueryOperations() {}

    static Result listShareAvailability(MarketState state, ListShareAvailability command) {
        int user = UserIds.parse(command.actingUser());
        int type = ShareType.parseIndex(command.shareType());
        if (user < 0) {
            return Arguments.invalidUser(command.actingUser());
        }
        if (type < 0) {
            return Arguments.invalidType("share type", command.shareType());
        }
        // Any well-formed user may list, so there is no role check. Keys ascend in listing order.
        ShareTable shares = state.shares;
        List<ShareAvailability> listed = new ArrayList<>();
        ShareType shareType = ShareType.ofIndex(type);
        for (int key = shares.nextKey(0); key >= 0; key = shares.nextKey(key + 1)) {
            if (ShareKeys.type(key) == type) {
                int slot = shares.slotOf(key);
                listed.add(
                        new ShareAvailability(
                                Market.ofIndex(ShareKeys.market(key)),
                                ShareKeys.shareId(key),
                                shareType,
                                shares.capacity(slot),
                                shares.remaining(slot)));
            }
        }
        return Result.ok(listed.size() + " " + shareType + " shares listed", new ShareAvailabilityList(listed));
    }

    static Result getShares(MarketState state, GetShares command) {
        int user = UserIds.parse(command.actingUser());
        if (user < 0) {
            return Arguments.invalidUser(command.actingUser());
        }
        Result notAuthorized = Authorization.requireBuyer(user, "get shares");
        if (notAuthorized != null) {
            return notAuthorized;
        }
        BuyerHoldings holdings = state.holdingsOrNull(UserIds.buyerIndex(user));
        int size = holdings == null ? 0 : holdings.size();
        Holding[] listed = new Holding[size];
        for (int index = 0; index < size; index++) {
            int key = holdings.key(index);
            listed[index] =
                    new Holding(
                            Market.ofIndex(ShareKeys.market(key)),
                            ShareKeys.shareId(key),
                            ShareType.ofIndex(ShareKeys.type(key)),
                            holdings.count(index));
        }
        return Result.ok(new HoldingList(List.of(listed)), (list, sink) -> sink.append(list.holdings().size()).append(HOLDINGS));
    }
}
