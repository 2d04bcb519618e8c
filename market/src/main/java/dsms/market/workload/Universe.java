package dsms.market.workload;

import dsms.core.Checks;
import java.time.LocalDate;

/**
 * The users and shares a workload draws from.
 *
 * @param adminsPerMarket admins per market, numbered from 0001
 * @param buyersPerMarket buyers per market, numbered from 0001 (at most 9999, the ID format's limit)
 * @param sharePoolSize distinct (share ID, type) pairs that commands name; which of them exist
 *     changes as admins add and remove shares
 * @param firstDate the earliest date inside a share ID of the pool
 * @param dateSpanDays the pool's share dates lie in {@code [firstDate, firstDate + dateSpanDays)}
 */
public record Universe(int adminsPerMarket, int buyersPerMarket, int sharePoolSize, LocalDate firstDate, int dateSpanDays) {
    /** Per day, 3 markets x 3 sessions x 3 types of share can exist. */
    static final int SHARES_PER_DAY = 27;
    private static final int NUMBERS_PER_MARKET_MAX = 9999;

    public Universe {
        Checks.check(adminsPerMarket >= 1 && adminsPerMarket <= NUMBERS_PER_MARKET_MAX, "1 to 9999 admins per market");
        Checks.check(buyersPerMarket >= 1 && buyersPerMarket <= NUMBERS_PER_MARKET_MAX, "1 to 9999 buyers per market");
        Checks.check(firstDate != null && firstDate.getYear() >= 2000, "share dates start in 2000 or later");
        Checks.check(dateSpanDays >= 1 && firstDate.plusDays(dateSpanDays - 1L).getYear() <= 2099, "share dates end by 2099");
        // Drawing distinct pairs at random stays fast only while the pool is at most half the space.
        Checks.check(
                sharePoolSize >= 1 && (long) sharePoolSize * 2 <= (long) dateSpanDays * SHARES_PER_DAY,
                "the share pool is at most half of the %d possible shares", (long) dateSpanDays * SHARES_PER_DAY);
    }

    /**
     * A small, crowded universe for property tests: few buyers and shares over three weeks, so
     * that the daily and weekly limits, full shares and conflicts happen often.
     */
    public static Universe crowded() {
        return new Universe(2, 4, 90, LocalDate.of(2024, 2, 5), 21);
    }

    /**
     * The benchmark universe: every buyer the ID format allows (9,999 per market), 10 admins per
     * market and a pool of twice {@code shareCount} shares dated from 2010 over as many years as the
     * pool needs (50 years for 100,000 shares), at most up to 2099.
     */
    public static Universe large(int shareCount) {
        LocalDate firstDate = LocalDate.of(2010, 1, 1);
        int poolSize = shareCount * 2;
        int daysNeeded = (int) Math.max(365, ((long) poolSize * 2 + SHARES_PER_DAY - 1) / SHARES_PER_DAY);
        int years = Math.max(50, (daysNeeded + 364) / 365);
        int dateSpanDays = (int) (firstDate.plusYears(Math.min(years, 90)).toEpochDay() - firstDate.toEpochDay());
        return new Universe(10, NUMBERS_PER_MARKET_MAX, poolSize, firstDate, dateSpanDays);
    }

    int buyerCount() {
        return 3 * buyersPerMarket;
    }
}
