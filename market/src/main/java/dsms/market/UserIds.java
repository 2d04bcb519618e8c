package dsms.market;

import dsms.market.result.MessageSink;

/**
 * Parses user IDs (market, role letter, 4 digits) into an int code, so the hot path never
 * allocates a normalised string.
 *
 * <p>Code layout: role (bit 16: 0 admin, 1 buyer), market (bits 14 and 15), number (bits 0 to 13).
 * A buyer's dense index, {@code market * 10000 + number}, orders buyers as their IDs order.
 */
final class UserIds {
    static final int INVALID = -1;
    static final int ID_LENGTH = 8;
    static final int NUMBERS_PER_MARKET = 10_000;
    static final int BUYER_COUNT = 3 * NUMBERS_PER_MARKET;
    private static final int BUYER_BIT = 1 << 16;

    private UserIds() {}

    /** @return the user code, or {@link #INVALID} when {@code raw} is not a well-formed user ID */
    static int parse(String raw) {
        if (raw == null || raw.length() != ID_LENGTH) {
            return INVALID;
        }
        int market = Market.indexAt(raw, 0);
        char role = Ascii.toUpper(raw.charAt(3));
        int high = Ascii.twoDigits(raw, 4);
        int low = Ascii.twoDigits(raw, 6);
        if (market < 0 || (role != 'A' && role != 'B') || high < 0 || low < 0) {
            return INVALID;
        }
        int roleBit = role == 'B' ? BUYER_BIT : 0;
        return roleBit | (market << 14) | (high * 100 + low);
    }

    static boolean isBuyer(int userCode) {
        return (userCode & BUYER_BIT) != 0;
    }

    static int market(int userCode) {
        return (userCode >>> 14) & 0x3;
    }

    static int number(int userCode) {
        return userCode & 0x3FFF;
    }

    /** The dense index of a buyer, from 0 to {@link #BUYER_COUNT} - 1, in user ID order. */
    static int buyerIndex(int userCode) {
        return market(userCode) * NUMBERS_PER_MARKET + number(userCode);
    }

    static int buyerCode(int buyerIndex) {
        return BUYER_BIT | ((buyerIndex / NUMBERS_PER_MARKET) << 14) | (buyerIndex % NUMBERS_PER_MARKET);
    }

    /** Appends the normalised, upper-case user ID of a code, without an intermediate string. */
    static void appendTo(MessageSink text, int userCode) {
        int number = number(userCode);
        text.append(Market.ofIndex(market(userCode)).name()).append(isBuyer(userCode) ? 'B' : 'A')
                .append((char) ('0' + number / 1000)).append((char) ('0' + number / 100 % 10))
                .append((char) ('0' + number / 10 % 10)).append((char) ('0' + number % 10));
    }

    /** Formats the normalised, upper-case user ID of a code. */
    static String format(int userCode) {
        int number = number(userCode);
        char[] text = new char[ID_LENGTH];
        String market = Market.ofIndex(market(userCode)).name();
        text[0] = market.charAt(0);
        text[1] = market.charAt(1);
        text[2] = market.charAt(2);
        text[3] = isBuyer(userCode) ? 'B' : 'A';
        text[4] = (char) ('0' + number / 1000);
        text[5] = (char) ('0' + number / 100 % 10);
        text[6] = (char) ('0' + number / 10 % 10);
        text[7] = (char) ('0' + number % 10);
        return new String(text);
    }
}
