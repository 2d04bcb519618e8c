package dsms.market.result;

import dsms.core.Checks;
import java.util.Objects;

/**
 * The answer to one command: a code, a human message and, on success only, structured data whose
 * field names are those of DOMAIN.md "Result data".
 *
 * <p>A frequent successful result may carry, instead of its message text, a writer that derives
 * the message from the data. Most results on the replicated path are only encoded, so the
 * encoder writes the message pieces straight into the bytes and the text is built only when
 * {@link #message()} is first called. Either way the message and its bytes are the same.
 *
 * <p>Equality, hash code and string form are those the record this class replaced had.
 */
public final class Result {
    private final ResultCode code;
    private final ResultData data;
    private final MessageSink.Writer<ResultData> messageWriter;
    /** Built on first use when a writer is given; racy caching is safe, every build is equal. */
    private String message;

    /** @param data the operation's data when {@code code} is OK, null otherwise */
    public Result(ResultCode code, String message, ResultData data) {
        Checks.check(message != null, "a result has a message");
        this.code = code;
        this.message = message;
        this.data = data;
        this.messageWriter = null;
        checkInvariants();
    }

    @SuppressWarnings("unchecked")
    private <D extends ResultData> Result(D data, MessageSink.Writer<D> messageWriter) {
        this.code = ResultCode.OK;
        this.data = data;
        this.messageWriter = (MessageSink.Writer<ResultData>) messageWriter;
        checkInvariants();
    }

    private void checkInvariants() {
        Checks.check(code != null, "a result has a code");
        Checks.check((code == ResultCode.OK) == (data != null), "a result has data exactly when it is OK");
    }

    public static Result ok(String message, ResultData data) {
        return new Result(ResultCode.OK, message, data);
    }

    /** A success whose message {@code messageWriter} derives from {@code data} when needed. */
    public static <D extends ResultData> Result ok(D data, MessageSink.Writer<D> messageWriter) {
        Checks.check(messageWriter != null, "a result has a message");
        return new Result(data, messageWriter);
    }

    public static Result failure(ResultCode code, String message) {
        Checks.check(code != ResultCode.OK, "a failure has an error code");
        return new Result(code, message, null);
    }

    public ResultCode code() {
        return code;
    }

    public String message() {
        String built = message;
        if (built == null) {
            StringBuilder text = new StringBuilder(64);
            writeMessage(MessageSink.into(text));
            built = text.toString();
            message = built;
        }
        return built;
    }

    public ResultData data() {
        return data;
    }

    /** Writes the message into {@code sink} without building its text when it is not built yet. */
    public void writeMessage(MessageSink sink) {
        String built = message;
        if (built != null) {
            sink.append(built);
        } else {
            messageWriter.write(data, sink);
        }
    }

    public boolean ok() {
        return code == ResultCode.OK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Result that
                && code == that.code
                && message().equals(that.message())
                && Objects.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return (code.hashCode() * 31 + message().hashCode()) * 31 + Objects.hashCode(data);
    }

    @Override
    public String toString() {
        return "Result[code=" + code + ", message=" + message() + ", data=" + data + "]";
    }
}
