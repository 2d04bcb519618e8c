package dsms.market;

/**
 * Packs a share (share ID and type) into an int whose numeric order is the listing order of
 * DOMAIN.md: market (LON, NYK, TOK), then share ID text, then type (EQUITY, BONUS, DIVIDEND).
 *
 * <p>Layout, from the most significant bit: market (2 bits), session (2 bits: A, E, M, which is
 * the alphabetical order of the session letters), date code (16 bits, see {@link TradingCalendar}),
 * type (2 bits). A share ID code is the key without its type: {@code key >>> 2}. Every key is below
 * {@link #KEY_SPACE}, so keys index bit sets directly.
 */
final class ShareKeys {
    static final int INVALID = -1;
    static final int KEY_BITS = 22;
    static final int KEY_SPACE = 1 << KEY_BITS;
    static final int SHARE_ID_LENGTH = 10;
    private static final char[] SESSION_LETTERS = {'A', 'E', 'M'};

    private ShareKeys() {}

    /**
     * Parses a raw share ID, ignoring ASCII case.
     *
     * @return the share ID code, or {@link #INVALID} when the ID is malformed or its date is not a
     *     real calendar date of the years 2000 to 2099
     */
    static int parseShareId(String raw) {
        if (raw == null || raw.length() != SHARE_ID_LENGTH) {
            return INVALID;
        }
        int market = Market.indexAt(raw, 0);
        int session = sessionIndex(raw.charAt(3));
        int day = Ascii.twoDigits(raw, 4);
        int month = Ascii.twoDigits(raw, 6);
        int yearOfCentury = Ascii.twoDigits(raw, 8);
        if (market < 0 || session < 0 || day < 1 || day > 31 || month < 1 || month > 12 || yearOfCentury < 0) {
            return INVALID;
        }
        int dateCode = TradingCalendar.dateCode(day, month, yearOfCentury);
        if (!TradingCalendar.isValid(dateCode)) {
            return INVALID;
        }
        return shareIdCode(market, session, dateCode);
    }

    static int shareIdCode(int market, int session, int dateCode) {
        return (market << 18) | (session << 16) | dateCode;
    }

    static int key(int shareIdCode, int type) {
        return (shareIdCode << 2) | type;
    }

    static int shareIdCode(int key) {
        return key >>> 2;
    }

    static int market(int key) {
        return key >>> 20;
    }

    static int type(int key) {
        return key & 0x3;
    }

    static int dateCode(int key) {
        return (key >>> 2) & 0xFFFF;
    }

    /** Tells whether an int read from outside (a snapshot) is the key of a well-formed share. */
    static boolean isValidKey(int key) {
        if (key < 0 || key >= KEY_SPACE) {
            return false;
        }
        int session = (key >>> 18) & 0x3;
        return market(key) < 3 && session < 3 && type(key) < 3 && TradingCalendar.isValid(dateCode(key));
    }

    /**
     * Canonical share ID strings by share ID code, in pages created on first use. Results name the
     * same few shares again and again, so sharing one immutable string per ID removes most of the
     * allocation of a result. At most 328,725 share IDs are valid, which bounds the cache (about
     * 20 MB when every one was used). Racy use from several threads is harmless: a String is
     * immutable and safely published, and a missed entry is only computed again.
     */
    private static final int PAGE_BITS = 12;
    private static final String[][] SHARE_ID_PAGES = new String[1 << (KEY_BITS - 2 - PAGE_BITS)][];

    /** Returns the normalised, upper-case share ID of a key. */
    static String shareId(int key) {
        int shareIdCode = shareIdCode(key);
        String[] page = SHARE_ID_PAGES[shareIdCode >>> PAGE_BITS];
        if (page == null) {
            page = new String[1 << PAGE_BITS];
            SHARE_ID_PAGES[shareIdCode >>> PAGE_BITS] = page;
        }
        int index = shareIdCode & ((1 << PAGE_BITS) - 1);
        String shareId = page[index];
        if (shareId == null) {
            shareId = formatShareId(key);
            page[index] = shareId;
        }
        return shareId;
    }

    private static String formatShareId(int key) {
        int dateCode = dateCode(key);
        String market = Market.ofIndex(market(key)).name();
        char[] text = new char[SHARE_ID_LENGTH];
        text[0] = market.charAt(0);
        text[1] = market.charAt(1);
        text[2] = market.charAt(2);
        text[3] = SESSION_LETTERS[(key >>> 18) & 0x3];
        putTwoDigits(text, 4, TradingCalendar.day(dateCode));
        putTwoDigits(text, 6, TradingCalendar.month(dateCode));
        putTwoDigits(text, 8, TradingCalendar.yearOfCentury(dateCode));
        return new String(text);
    }

    /** Formats a share for messages: its share ID and type. */
    static String describe(int key) {
        return shareId(key) + ' ' + ShareType.ofIndex(type(key)).name();
    }

    private static int sessionIndex(char letter) {
        char upper = Ascii.toUpper(letter);
        for (int index = 0; index < SESSION_LETTERS.length; index++) {
            if (SESSION_LETTERS[index] == upper) {
                return index;
            }
        }
        return -1;
    }

    private static void putTwoDigits(char[] text, int offset, int value) {
        text[offset] = (char) ('0' + value / 10);
        text[offset + 1] = (char) ('0' + value % 10);
    }
}
