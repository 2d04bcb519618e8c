package dsms.market.result;

import dsms.core.Checks;

/**
 * The answer to one command: a code, a human message and, on success only, structured data whose
 * field names are those of DOMAIN.md "Result data".
 *
 * @param data the operation's data when {@code code} is OK, null otherwise
 */
public record Result(ResultCode code, String message, ResultData data) {
    public Result {
        Checks.check(code != null, "a result has a code");
        Checks.check(message != null, "a result has a message");
        Checks.check((code == ResultCode.OK) == (data != null), "a result has data exactly when it is OK");
    }

    public static Result ok(String message, ResultData data) {
        return new Result(ResultCode.OK, message, data);
    }

    public static Result failure(ResultCode code, String message) {
        Checks.check(code != ResultCode.OK, "a failure has an error code");
        return new Result(code, message, null);
    }

    public boolean ok() {
        return code == ResultCode.OK;
    }
}
