package dsms.market.result;

/**
 * Where a result's message is written piece by piece: into a string when someone reads the
 * message, or straight into the canonical result bytes, so the hot path never builds the string.
 */
public interface MessageSink {
    MessageSink append(String text);

    MessageSink append(char character);

    MessageSink append(long number);

    /** Appends a fixed piece of text; a sink that writes bytes copies the piece's bytes. */
    default MessageSink append(AsciiText text) {
        return append(text.toString());
    }

    /** A sink that appends to {@code text}. */
    static MessageSink into(StringBuilder text) {
        return new TextSink(text);
    }

    /** Writes a result's message pieces into a sink; must write the same pieces every time. */
    @FunctionalInterface
    interface Writer<D extends ResultData> {
        void write(D data, MessageSink sink);
    }

    /** Appends to a string builder. */
    record TextSink(StringBuilder text) implements MessageSink {
        @Override
        public MessageSink append(String piece) {
            text.append(piece);
            return this;
        }

        @Override
        public MessageSink append(char character) {
            text.append(character);
            return this;
        }

        @Override
        public MessageSink append(long number) {
            text.append(number);
            return this;
        }
    }
}
