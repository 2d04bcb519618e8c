package dsms.market.result;

import dsms.core.Checks;
import java.nio.charset.StandardCharsets;

/**
 * A fixed piece of message or audit-line text, such as {@code " units of "} or a code's name, kept
 * with its bytes: a sink that writes UTF-8 copies them instead of encoding the text again for
 * every operation. Printable ASCII only (the bytes are then the UTF-8 encoding, one per character,
 * and a line stays one line).
 */
public final class AsciiText {
    private final String text;
    private final byte[] bytes;

    private AsciiText(String text) {
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            Checks.check(character >= ' ' && character < 0x7f, "'%s' is printable ASCII", text);
        }
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }

    public static AsciiText of(String text) {
        return new AsciiText(text);
    }

    /** How many bytes (and characters) the text has. */
    public int length() {
        return bytes.length;
    }

    /** Copies the text's bytes into {@code destination} from {@code offset}, which has room for them. */
    public void copyTo(byte[] destination, int offset) {
        System.arraycopy(bytes, 0, destination, offset, bytes.length);
    }

    @Override
    public String toString() {
        return text;
    }
}
