package dsms.market;

import dsms.market.result.Result;
import dsms.market.result.ResultCode;

/** Rejections that several operations share. */
final class Operations {
    private Operations() {}

    static Result notFound(int key) {
        return Result.failure(ResultCode.SHARE_NOT_FOUND, "share " + ShareKeys.describe(key) + " not found");
    }

    static Result alreadyHeld(int userCode, int key) {
        return Result.failure(
                ResultCode.ALREADY_HELD, UserIds.format(userCode) + " already holds " + ShareKeys.describe(key));
    }

    static Result notHeld(int userCode, String what) {
        return Result.failure(ResultCode.NOT_HELD, UserIds.format(userCode) + " does not hold " + what);
    }
}
