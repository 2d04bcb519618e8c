package dsms.node.bench;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which shares to create and which buyer buys which of them so that the market ends up with
 * exactly a given number of holdings, every purchase allowed by the market's rules.
 *
 * <p>Buyer {@code i} is number {@code i / 3} of market {@code i % 3} (NYK, LON, TOK), so buyers
 * spread evenly over the three markets, and buys only in its home market, where the weekly rule
 * never applies. A buyer's {@code j}-th holding has type {@code j % 3} and the {@code j / 3}-th
 * date of a window of consecutive dates that starts at {@code number * datesPerBuyer}: per type,
 * the buyer's dates are distinct, so the daily rule (one share per type and date) holds. The
 * windows wrap around a market's dates, which are just enough for about {@link
 * #HOLDERS_PER_SHARE_TARGET} holders per share. Dates start in 2030, away from the shares the
 * other benchmarks and the examples use, so the loaded buyers never meet the daily rule there.
 *
 * <p>The plan is a pure function of the holding count and the holdings per buyer: a run that
 * loads the same plan again finds every holding already there.
 */
public final class HoldingsPlan {
    static final List<String> MARKETS = List.of("NYK", "LON", "TOK");
    static final List<String> SHARE_TYPES = List.of("EQUITY", "BONUS", "DIVIDEND");
    /** Buyer numbers run from 0000 to 9999 in each market. */
    static final int BUYERS_PER_MARKET_MAX = 10_000;
    static final int BUYERS_MAX = BUYERS_PER_MARKET_MAX * 3;
    /** The first date of the plan's shares; the last possible one is 31 December 2099. */
    static final LocalDate FIRST_DATE = LocalDate.of(2030, 1, 1);
    static final int DATES_MAX = (int) (LocalDate.of(2099, 12, 31).toEpochDay() - FIRST_DATE.toEpochDay()) + 1;
    /** About this many buyers hold each share: shares are many, as in a real market, and not one each. */
    static final int HOLDERS_PER_SHARE_TARGET = 100;
    /** Units each share is created with: more than any number of holders the plan gives it. */
    static final long CAPACITY = 1_000_000L;
    private static final DateTimeFormatter SHARE_DATE = DateTimeFormatter.ofPattern("ddMMyy", Locale.ROOT);

    private final long holdings;
    private final int holdingsPerBuyer;
    private final int buyerCount;
    private final int datesPerBuyer;
    private final int[] datesByMarket = new int[MARKETS.size()];

    /**
     * @param holdings the holdings the market should end up with
     * @param holdingsPerBuyer how many each buyer gets (the last buyer may get fewer)
     * @throws IllegalArgumentException when the market cannot hold that many this way: more buyers
     *     than its 30,000, or more holdings per buyer than types times dates
     */
    public HoldingsPlan(long holdings, int holdingsPerBuyer) {
        if (holdings < 1) {
            throw new IllegalArgumentException("the number of holdings must be positive, not " + holdings);
        }
        if (holdingsPerBuyer < 1 || (long) holdingsPerBuyer > (long) SHARE_TYPES.size() * DATES_MAX) {
            throw new IllegalArgumentException("holdings per buyer must be 1.." + (long) SHARE_TYPES.size() * DATES_MAX
                    + ", not " + holdingsPerBuyer);
        }
        long buyers = (holdings + holdingsPerBuyer - 1) / holdingsPerBuyer;
        if (buyers > BUYERS_MAX) {
            throw new IllegalArgumentException(holdings + " holdings at " + holdingsPerBuyer + " per buyer need " + buyers
                    + " buyers; the market has " + BUYERS_MAX + ": raise the holdings per buyer to at least "
                    + (holdings + BUYERS_MAX - 1) / BUYERS_MAX);
        }
        this.holdings = holdings;
        this.holdingsPerBuyer = holdingsPerBuyer;
        this.buyerCount = (int) buyers;
        this.datesPerBuyer = (holdingsPerBuyer + SHARE_TYPES.size() - 1) / SHARE_TYPES.size();
        for (int market = 0; market < MARKETS.size(); market++) {
            long buyersHere = buyersInMarket(market);
            long wanted = (buyersHere * datesPerBuyer + HOLDERS_PER_SHARE_TARGET - 1) / HOLDERS_PER_SHARE_TARGET;
            datesByMarket[market] = (int) Math.min(DATES_MAX, Math.max(datesPerBuyer, wanted));
        }
    }

    public long holdings() {
        return holdings;
    }

    public int holdingsPerBuyer() {
        return holdingsPerBuyer;
    }

    public int buyerCount() {
        return buyerCount;
    }

    /** The user ID of buyer {@code buyer} (0 to {@link #buyerCount()} - 1), e.g. LONB0012. */
    public String buyerId(int buyer) {
        checkBuyer(buyer);
        return String.format(Locale.ROOT, "%sB%04d", MARKETS.get(buyer % 3), buyer / 3);
    }

    /** How many holdings buyer {@code buyer} gets: the per-buyer count, except perhaps for the last. */
    public int holdingCount(int buyer) {
        checkBuyer(buyer);
        return buyer < buyerCount - 1 ? holdingsPerBuyer : (int) (holdings - (long) holdingsPerBuyer * (buyerCount - 1));
    }

    /** The buyer's purchases, one unit each, in the order they are made. */
    public List<Purchase> purchases(int buyer) {
        checkBuyer(buyer);
        int market = buyer % 3;
        int number = buyer / 3;
        int dates = datesByMarket[market];
        int count = holdingCount(buyer);
        List<Purchase> purchases = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            int type = index % SHARE_TYPES.size();
            int date = (int) (((long) number * datesPerBuyer + index / SHARE_TYPES.size()) % dates);
            purchases.add(new Purchase(shareId(market, date), SHARE_TYPES.get(type)));
        }
        return purchases;
    }

    /** Every share the purchases need, each created once by an admin of its market. */
    public List<Share> shares() {
        List<Share> shares = new ArrayList<>();
        for (int market = 0; market < MARKETS.size(); market++) {
            for (int date = 0; date < datesByMarket[market]; date++) {
                for (String type : SHARE_TYPES) {
                    shares.add(new Share(MARKETS.get(market) + "A0001", shareId(market, date), type, CAPACITY));
                }
            }
        }
        return shares;
    }

    /** How many dates market {@code market}'s shares span. */
    int datesInMarket(int market) {
        return datesByMarket[market];
    }

    private int buyersInMarket(int market) {
        return buyerCount / 3 + (market < buyerCount % 3 ? 1 : 0);
    }

    private static String shareId(int market, int date) {
        return MARKETS.get(market) + "M" + FIRST_DATE.plusDays(date).format(SHARE_DATE);
    }

    private void checkBuyer(int buyer) {
        if (buyer < 0 || buyer >= buyerCount) {
            throw new IndexOutOfBoundsException("buyer " + buyer + " of " + buyerCount);
        }
    }

    /** One share to create: the admin of its market creates it with {@code capacity} units. */
    public record Share(String adminId, String shareId, String shareType, long capacity) {}

    /** One unit of a share, bought by the buyer whose plan lists it. */
    public record Purchase(String shareId, String shareType) {}
}
