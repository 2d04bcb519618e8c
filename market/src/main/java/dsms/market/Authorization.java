package dsms.market;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;

/** The role and market checks, and their {@code NOT_AUTHORIZED} messages. */
final class Authorization {
    private Authorization() {}

    /**
     * Returns null when the user is an admin of the share's market, else the rejection.
     *
     * @param action what the user tried, completed by the market's name, such as "add shares to"
     */
    static Result requireAdminOf(int userCode, int shareKey, String action) {
        int market = ShareKeys.market(shareKey);
        if (!UserIds.isBuyer(userCode) && UserIds.market(userCode) == market) {
            return null;
        }
        String marketName = Market.ofIndex(market).name();
        return Result.failure(
                ResultCode.NOT_AUTHORIZED,
                UserIds.format(userCode) + " may not " + action + ' ' + marketName + ": only an admin of " + marketName + " may");
    }

    /** Returns null when the user is a buyer, else the rejection. */
    static Result requireBuyer(int userCode, String action) {
        if (UserIds.isBuyer(userCode)) {
            return null;
        }
        return Result.failure(ResultCode.NOT_AUTHORIZED, UserIds.format(userCode) + " may not " + action + ": only buyers may");
    }
}
