package dsms.market.result;

/**
 * Where a result's message is written piece by piece: into a string when someone reads the
 * message, or straight into the canonical result bytes, so the hot path never builds the string.
 */
public interface MessageSink {
    MessageSink append(String text);

    MessageSink append(char character);

    MessageSink append(long number);

    /** Writes a result's message pieces into a sink; must write the same pieces every time. */
    @FunctionalInterface
    interface Writer<D extends ResultData> {
        void write(D data, MessageSink sink);
    }
}
