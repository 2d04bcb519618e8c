package dsms.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed keys and calendar tables against plain java.time and string ordering. */
class KeysAndCalendarTest {

    @Test
    void shouldGiveTheSameIsoWeekIndexExactlyWhenJavaTimeGivesTheSameWeekBasedYearAndWeek() {
        LocalDate previous = null;
        for (LocalDate date = LocalDate.of(2000, 1, 1); date.getYear() < 2100; date = date.plusDays(1)) {
            int code = TradingCalendar.dateCode(date.getDayOfMonth(), date.getMonthValue(), date.getYear() % 100);
            assertThat(TradingCalendar.isValid(code)).isTrue();
            assertThat(TradingCalendar.toLocalDate(code)).isEqualTo(date);
            if (previous != null) {
                int previousCode = TradingCalendar.dateCode(previous.getDayOfMonth(), previous.getMonthValue(), previous.getYear() % 100);
                boolean sameIsoWeek =
                        previous.get(IsoFields.WEEK_BASED_YEAR) == date.get(IsoFields.WEEK_BASED_YEAR)
                                && previous.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                assertThat(TradingCalendar.isoWeekIndex(previousCode) == TradingCalendar.isoWeekIndex(code))
                        .as("%s and %s", previous, date)
                        .isEqualTo(sameIsoWeek);
            }
            previous = date;
        }
    }

    @Test
    void shouldOrderKeysExactlyAsMarketThenShareIdTextThenTypeOrder() {
        SplittableRandom random = new SplittableRandom(3);
        List<int[]> keys = new ArrayList<>();
        String[] sessions = {"M", "A", "E"};
        while (keys.size() < 5_000) {
            String shareId = Market.ofIndex(random.nextInt(3)).name() + sessions[random.nextInt(3)]
                    + String.format("%02d%02d%02d", 1 + random.nextInt(28), 1 + random.nextInt(12), random.nextInt(100));
            int code = ShareKeys.parseShareId(shareId);
            assertThat(code).as(shareId).isNotNegative();
            int type = random.nextInt(3);
            keys.add(new int[] {ShareKeys.key(code, type)});
            assertThat(ShareKeys.shareId(ShareKeys.key(code, type))).isEqualTo(shareId);
        }
        Comparator<int[]> byDomainOrder =
                Comparator.comparing((int[] key) -> ShareKeys.shareId(key[0])).thenComparingInt(key -> ShareKeys.type(key[0]));
        List<int[]> sortedByDomain = new ArrayList<>(keys);
        sortedByDomain.sort(byDomainOrder);
        List<int[]> sortedByKey = new ArrayList<>(keys);
        sortedByKey.sort(Comparator.comparingInt(key -> key[0]));
        assertThat(sortedByKey.stream().map(key -> key[0]).toList()).isEqualTo(sortedByDomain.stream().map(key -> key[0]).toList());
    }

    @Test
    void shouldRoundTripUserIdsAndOrderBuyerIndexesAsUserIds() {
        assertThat(UserIds.format(UserIds.parse("tokb0042"))).isEqualTo("TOKB0042");
        assertThat(UserIds.format(UserIds.parse("LONA9999"))).isEqualTo("LONA9999");
        int lon = UserIds.buyerIndex(UserIds.parse("LONB9999"));
        int nyk = UserIds.buyerIndex(UserIds.parse("NYKB0000"));
        assertThat(lon).isLessThan(nyk);
        assertThat(UserIds.format(UserIds.buyerCode(nyk))).isEqualTo("NYKB0000");
    }
}
