package dsms.market;

/**
 * The three markets. The declaration order is the listing order of DOMAIN.md (LON, NYK, TOK), and
 * it is also alphabetical, so ordering by market agrees with ordering by share ID text.
 */
public enum Market {
    LON,
    NYK,
    TOK;

    private static final Market[] VALUES = values();

    /** Returns the market whose ordinal is {@code index}. */
    public static Market ofIndex(int index) {
        return VALUES[index];
    }

    /**
     * Reads a market code at {@code offset} of {@code text}, ignoring the case of ASCII letters.
     *
     * @return the market's ordinal, or -1 when the three characters name no market
     */
    static int indexAt(String text, int offset) {
        char first = Ascii.toUpper(text.charAt(offset));
        char second = Ascii.toUpper(text.charAt(offset + 1));
        char third = Ascii.toUpper(text.charAt(offset + 2));
        for (Market market : VALUES) {
            String name = market.name();
            if (name.charAt(0) == first && name.charAt(1) == second && name.charAt(2) == third) {
                return market.ordinal();
            }
        }
        return -1;
    }
}
