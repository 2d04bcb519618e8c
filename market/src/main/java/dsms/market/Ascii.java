package dsms.market;

import dsms.market.result.MessageSink;

/**
 * ASCII-only case folding and escaping. Java's own case mapping knows Unicode (a dotless i upper
 * cases to I), which would let odd input pass as a valid ID; the market accepts ASCII letters only.
 */
final class Ascii {
    /** Raw text longer than this is cut in messages and audit lines, so that a line stays short. */
    static final int QUOTED_LENGTH_MAX = 40;

    private Ascii() {}

    static char toUpper(char character) {
        return character >= 'a' && character <= 'z' ? (char) (character - ('a' - 'A')) : character;
    }

    /** Compares {@code raw} with {@code upperCase}, which holds upper-case ASCII letters only. */
    static boolean equalsIgnoreCase(String raw, String upperCase) {
        if (raw.length() != upperCase.length()) {
            return false;
        }
        for (int index = 0; index < raw.length(); index++) {
            if (toUpper(raw.charAt(index)) != upperCase.charAt(index)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the value of two ASCII digits at {@code offset}, or -1 when they are not digits. */
    static int twoDigits(String text, int offset) {
        int tens = text.charAt(offset) - '0';
        int units = text.charAt(offset + 1) - '0';
        if (tens < 0 || tens > 9 || units < 0 || units > 9) {
            return -1;
        }
        return tens * 10 + units;
    }

    /**
     * Renders raw user input for a message or an audit line: printable ASCII is kept, everything
     * else (line breaks, commas, non-ASCII) is escaped, so that one operation always stays one line
     * and its fields stay separable. Long input is cut and its length is stated.
     */
    static String quote(String raw) {
        StringBuilder quoted = new StringBuilder(raw == null ? 8 : Math.min(raw.length(), QUOTED_LENGTH_MAX) + 8);
        quote(MessageSink.into(quoted), raw);
        return quoted.toString();
    }

    /** Whether every character of {@code raw} is kept as it is by {@link #quote(String)}. */
    private static boolean isPlain(String raw) {
        for (int index = 0; index < raw.length(); index++) {
            if (!isPlain(raw.charAt(index))) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII but for the escape and the parameter separator: kept as it is in a line. */
    private static boolean isPlain(char character) {
        return character > ' ' && character < 0x7f && character != '\\' && character != ',';
    }

    /** Writes {@code raw} rendered as {@link #quote(String)} renders it into {@code sink}. */
    static void quote(MessageSink sink, String raw) {
        if (raw == null) {
            sink.append("(none)");
            return;
        }
        int shownLength = Math.min(raw.length(), QUOTED_LENGTH_MAX);
        if (shownLength == raw.length() && isPlain(raw)) {
            // The usual case (IDs and types as clients send them) in one piece rather than one
            // character at a time.
            sink.append(raw);
            return;
        }
        for (int index = 0; index < shownLength; index++) {
            char character = raw.charAt(index);
            if (isPlain(character)) {
                sink.append(character);
            } else {
                sink.append(String.format("\\u%04x", (int) character));
            }
        }
        if (raw.length() > shownLength) {
            sink.append("...(").append(raw.length()).append(" chars)");
        }
    }
}
