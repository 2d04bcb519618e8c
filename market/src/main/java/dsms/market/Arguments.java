package dsms.market;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;

/**
 * The well-formedness checks shared by every operation and their {@code INVALID_ARGUMENT}
 * messages. Messages quote the raw input with {@link Ascii#quote}, so they stay one short line.
 */
final class Arguments {
    static final long COUNT_MIN = 1;
    static final long COUNT_MAX = 1_000_000_000;

    private Arguments() {}

    static boolean isCountInRange(long count) {
        return count >= COUNT_MIN && count <= COUNT_MAX;
    }

    static Result invalidUser(String raw) {
        return invalid("invalid user ID '" + Ascii.quote(raw) + "': expected a market (LON, NYK, TOK), A or B, and 4 digits");
    }

    static Result invalidShareId(String name, String raw) {
        return invalid(
                "invalid " + name + " '" + Ascii.quote(raw)
                        + "': expected a market (LON, NYK, TOK), a session (M, A, E) and a real date ddmmyy of 20yy");
    }

    static Result invalidType(String name, String raw) {
        return invalid("invalid " + name + " '" + Ascii.quote(raw) + "': expected EQUITY, BONUS or DIVIDEND");
    }

    static Result invalidCount(String name, long value) {
        return invalid(name + " must be from " + COUNT_MIN + " to " + COUNT_MAX + ", got " + value);
    }

    static Result invalid(String message) {
        return Result.failure(ResultCode.INVALID_ARGUMENT, message);
    }
}
