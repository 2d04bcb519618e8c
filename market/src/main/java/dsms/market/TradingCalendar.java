package dsms.market;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;

/**
 * Calendar facts about the dates inside share IDs, precomputed for every {@code ddmmyy} of the
 * years 2000 to 2099 so that the hot path does table look-ups instead of date arithmetic.
 *
 * <p>A date code packs day (5 bits), month (4 bits) and two-digit year (7 bits) in that order,
 * which is the order of the digits in a share ID, so comparing codes compares share ID text.
 */
final class TradingCalendar {
    static final int DATE_CODE_COUNT = 1 << 16;
    private static final int INVALID = Integer.MIN_VALUE;
    private static final int[] EPOCH_DAY_BY_DATE_CODE = buildEpochDays();

    private TradingCalendar() {}

    static int dateCode(int day, int month, int yearOfCentury) {
        return (day << 11) | (month << 7) | yearOfCentury;
    }

    static int day(int dateCode) {
        return dateCode >>> 11;
    }

    static int month(int dateCode) {
        return (dateCode >>> 7) & 0xF;
    }

    static int yearOfCentury(int dateCode) {
        return dateCode & 0x7F;
    }

    /** Tells whether the code is a real calendar date of the years 2000 to 2099. */
    static boolean isValid(int dateCode) {
        return dateCode >= 0 && dateCode < DATE_CODE_COUNT && EPOCH_DAY_BY_DATE_CODE[dateCode] != INVALID;
    }

    /**
     * Returns an identifier of the date's ISO week: the number of weeks between the Monday of
     * 1970-01-05's week and the Monday of the date's week. Two dates share it exactly when they
     * share the ISO week-based year and week number, since ISO weeks run Monday to Sunday.
     */
    static int isoWeekIndex(int dateCode) {
        // 1970-01-01 (epoch day 0) was a Thursday, so shifting by 3 makes weeks start on Monday.
        return Math.floorDiv(EPOCH_DAY_BY_DATE_CODE[dateCode] + 3, 7);
    }

    static LocalDate toLocalDate(int dateCode) {
        return LocalDate.ofEpochDay(EPOCH_DAY_BY_DATE_CODE[dateCode]);
    }

    private static int[] buildEpochDays() {
        int[] epochDays = new int[DATE_CODE_COUNT];
        Arrays.fill(epochDays, INVALID);
        for (int yearOfCentury = 0; yearOfCentury < 100; yearOfCentury++) {
            for (int month = 1; month <= 12; month++) {
                int monthLength = YearMonth.of(2000 + yearOfCentury, month).lengthOfMonth();
                for (int day = 1; day <= monthLength; day++) {
                    LocalDate date = LocalDate.of(2000 + yearOfCentury, month, day);
                    epochDays[dateCode(day, month, yearOfCentury)] = Math.toIntExact(date.toEpochDay());
                }
            }
        }
        return epochDays;
    }
}
