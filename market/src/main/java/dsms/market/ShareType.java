package dsms.market;

import dsms.market.result.AsciiText;

/**
 * The share types. The declaration order is the order of DOMAIN.md for holdings of one share ID
 * (EQUITY, BONUS, DIVIDEND), so it is part of the listing order and of the packed share key.
 */
public enum ShareType {
    EQUITY,
    BONUS,
    DIVIDEND;

    private static final ShareType[] VALUES = values();

    /** The name as a fixed piece of text, for messages and audit lines. */
    private final AsciiText nameText = AsciiText.of(name());

    public AsciiText nameText() {
        return nameText;
    }

    /** Returns the type whose ordinal is {@code index}. */
    public static ShareType ofIndex(int index) {
        return VALUES[index];
    }

    /**
     * Parses a raw type, ignoring the case of ASCII letters only (so that no locale or Unicode case
     * folding can make two replicas disagree).
     *
     * @return the type's ordinal, or -1 when {@code raw} names no type
     */
    static int parseIndex(String raw) {
        if (raw == null) {
            return -1;
        }
        for (ShareType type : VALUES) {
            if (Ascii.equalsIgnoreCase(raw, type.name())) {
                return type.ordinal();
            }
        }
        return -1;
    }
}
