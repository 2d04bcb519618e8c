package dsms.market.workload;

import dsms.market.Market;
import dsms.market.ShareType;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The (share ID, type) pairs a workload names, drawn at random once. Entries are indexed 0 to
 * size - 1 in the order they were drawn; share ID strings are shared between the types of one ID,
 * so that commands built from the pool allocate nothing.
 */
final class SharePool {
    private static final char[] SESSION_LETTERS = {'M', 'A', 'E'};

    private final String[] shareIdByEntry;
    private final ShareType[] typeByEntry;
    private final Market[] marketByEntry;

    SharePool(Universe universe, SplittableRandom random) {
        int size = universe.sharePoolSize();
        shareIdByEntry = new String[size];
        typeByEntry = new ShareType[size];
        marketByEntry = new Market[size];
        // Membership only: neither collection is iterated, so their order cannot reach a command.
        Set<Long> drawn = new HashSet<>(size * 2);
        Map<Long, String> shareIdByCode = new HashMap<>(size * 2);
        int entry = 0;
        while (entry < size) {
            int dayOffset = random.nextInt(universe.dateSpanDays());
            int market = random.nextInt(3);
            int session = random.nextInt(3);
            int type = random.nextInt(3);
            long shareIdCode = ((long) dayOffset * 3 + market) * 3 + session;
            if (drawn.add(shareIdCode * 3 + type)) {
                LocalDate date = universe.firstDate().plusDays(dayOffset);
                shareIdByEntry[entry] = shareIdByCode.computeIfAbsent(shareIdCode, code -> shareId(market, session, date));
                typeByEntry[entry] = ShareType.ofIndex(type);
                marketByEntry[entry] = Market.ofIndex(market);
                entry++;
            }
        }
    }

    int size() {
        return shareIdByEntry.length;
    }

    String shareId(int entry) {
        return shareIdByEntry[entry];
    }

    ShareType type(int entry) {
        return typeByEntry[entry];
    }

    Market market(int entry) {
        return marketByEntry[entry];
    }

    private static String shareId(int market, int session, LocalDate date) {
        return String.format(
                "%s%c%02d%02d%02d",
                Market.ofIndex(market).name(), SESSION_LETTERS[session], date.getDayOfMonth(), date.getMonthValue(), date.getYear() % 100);
    }
}
