package dsms.market;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import java.time.temporal.IsoFields;

/**
 * The daily and weekly purchase limits of DOMAIN.md, checked against a buyer's current holdings
 * (optionally without one holding, for a swap that gives it up).
 */
final class TradingRules {
    /** Outside its home market, a buyer holds at most this many shares dated in one ISO week. */
    static final int HOLDINGS_PER_ISO_WEEK_OUTSIDE_HOME_MAX = 3;
    static final int NO_EXCLUDED_KEY = -1;

    private TradingRules() {}

    /**
     * Checks that the buyer may take a new holding of {@code newKey}.
     *
     * @param holdings the buyer's holdings, or null when it has none
     * @param homeMarket the buyer's home market, where the weekly rule does not apply
     * @param excludedKey a holding to ignore (the old share of a swap), or {@link #NO_EXCLUDED_KEY}
     * @return null when both rules hold, else the {@code DAILY_LIMIT} or {@code WEEKLY_LIMIT} result
     */
    static Result check(BuyerHoldings holdings, int homeMarket, int newKey, int excludedKey) {
        if (holdings == null) {
            return null;
        }
        int type = ShareKeys.type(newKey);
        int dateCode = ShareKeys.dateCode(newKey);
        boolean outsideHome = ShareKeys.market(newKey) != homeMarket;
        int week = outsideHome ? TradingCalendar.isoWeekIndex(dateCode) : 0;
        int sameWeekOutsideHome = 0;
        for (int index = 0; index < holdings.size(); index++) {
            int heldKey = holdings.key(index);
            if (heldKey == excludedKey) {
                continue;
            }
            int heldDateCode = ShareKeys.dateCode(heldKey);
            if (heldDateCode == dateCode && ShareKeys.type(heldKey) == type) {
                return dailyLimit(heldKey, newKey);
            }
            if (outsideHome
                    && ShareKeys.market(heldKey) != homeMarket
                    && TradingCalendar.isoWeekIndex(heldDateCode) == week) {
                sameWeekOutsideHome++;
            }
        }
        if (sameWeekOutsideHome >= HOLDINGS_PER_ISO_WEEK_OUTSIDE_HOME_MAX) {
            return weeklyLimit(newKey, sameWeekOutsideHome);
        }
        return null;
    }

    private static Result dailyLimit(int heldKey, int newKey) {
        String type = ShareType.ofIndex(ShareKeys.type(newKey)).name();
        return Result.failure(
                ResultCode.DAILY_LIMIT,
                "cannot hold " + ShareKeys.describe(newKey) + ": already holding " + ShareKeys.describe(heldKey)
                        + ", a " + type + " share of the same date " + TradingCalendar.toLocalDate(ShareKeys.dateCode(newKey)));
    }

    private static Result weeklyLimit(int newKey, int sameWeekOutsideHome) {
        var date = TradingCalendar.toLocalDate(ShareKeys.dateCode(newKey));
        String week = date.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return Result.failure(
                ResultCode.WEEKLY_LIMIT,
                "cannot hold " + ShareKeys.describe(newKey) + ": already holding " + sameWeekOutsideHome
                        + " shares outside the home market dated in ISO week " + week + " (at most "
                        + HOLDINGS_PER_ISO_WEEK_OUTSIDE_HOME_MAX + ")");
    }
}
