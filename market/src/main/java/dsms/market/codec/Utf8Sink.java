package dsms.market.codec;

import dsms.market.result.AsciiText;
import dsms.market.result.MessageSink;

/**
 * Writes message pieces as UTF-8 bytes, exactly as {@code String.getBytes(UTF_8)} encodes them:
 * a result's message into its canonical bytes, and an audit line into a buffer reused from line
 * to line, so that neither builds a string on the hot path.
 */
public final class Utf8Sink implements MessageSink {
    private final ByteWriter writer;

    /** A sink with its own buffer, for lines built one after another. */
    public Utf8Sink(int initialCapacityBytes) {
        this(new ByteWriter(initialCapacityBytes));
    }

    Utf8Sink(ByteWriter writer) {
        this.writer = writer;
    }

    @Override
    public Utf8Sink append(String text) {
        writer.writeUtf8(text);
        return this;
    }

    @Override
    public Utf8Sink append(AsciiText text) {
        writer.writeAscii(text);
        return this;
    }

    @Override
    public Utf8Sink append(char character) {
        if (character < 0x80) {
            writer.writeByte(character);
        } else {
            writer.writeUtf8(String.valueOf(character));
        }
        return this;
    }

    @Override
    public Utf8Sink append(long number) {
        writer.writeDecimal(number);
        return this;
    }

    /** How many bytes were written. */
    public int length() {
        return writer.position();
    }

    /** The buffer, valid for {@link #length()} bytes until the next change. */
    public byte[] bytes() {
        return writer.array();
    }

    /** Keeps the first {@code lengthKept} bytes only: 0 starts a new line. */
    public void truncate(int lengthKept) {
        writer.truncate(lengthKept);
    }
}
