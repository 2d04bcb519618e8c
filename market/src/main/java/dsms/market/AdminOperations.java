package dsms.market;

import dsms.market.command.AddShare;
import dsms.market.command.RemoveShare;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.ShareAdded;
import dsms.market.result.ResultData.ShareRemoved;

/** addShare and removeShare, each checking in the order of DOMAIN.md. */
final class AdminOperations {
    /** A removal's result and the buyers it affected, as {@link MarketState#removeShare} returns them. */
    record Removal(Result result, long[] affectedHolders) {
        static final long[] NONE = new long[0];
    }

    private AdminOperations() {}

    static Result addShare(MarketState state, AddShare command) {
        int user = UserIds.parse(command.actingUser());
        int shareIdCode = ShareKeys.parseShareId(command.shareId());
        int type = ShareType.parseIndex(command.shareType());
        if (user < 0) {
            return Arguments.invalidUser(command.actingUser());
        }
        if (shareIdCode < 0) {
            return Arguments.invalidShareId("share ID", command.shareId());
        }
        if (type < 0) {
            return Arguments.invalidType("share type", command.shareType());
        }
        if (!Arguments.isCountInRange(command.capacity())) {
            return Arguments.invalidCount("capacity", command.capacity());
        }
        int key = ShareKeys.key(shareIdCode, type);
        Result notAuthorized = Authorization.requireAdminOf(user, key, "add shares to");
        if (notAuthorized != null) {
            return notAuthorized;
        }
        if (state.shares.slotOf(key) >= 0) {
            return Result.failure(ResultCode.SHARE_EXISTS, "share " + ShareKeys.describe(key) + " already exists");
        }
        state.shares.add(key, command.capacity(), command.capacity());
        String shareId = ShareKeys.shareId(key);
        ShareType shareType = ShareType.ofIndex(type);
        return Result.ok(
                "share " + shareId + ' ' + shareType + " added with capacity " + command.capacity(),
                new ShareAdded(shareId, shareType, command.capacity()));
    }

    static Removal removeShare(MarketState state, RemoveShare command) {
        int user = UserIds.parse(command.actingUser());
        int shareIdCode = ShareKeys.parseShareId(command.shareId());
        int type = ShareType.parseIndex(command.shareType());
        if (user < 0) {
            return rejected(Arguments.invalidUser(command.actingUser()));
        }
        if (shareIdCode < 0) {
            return rejected(Arguments.invalidShareId("share ID", command.shareId()));
        }
        if (type < 0) {
            return rejected(Arguments.invalidType("share type", command.shareType()));
        }
        int key = ShareKeys.key(shareIdCode, type);
        Result notAuthorized = Authorization.requireAdminOf(user, key, "remove shares of");
        if (notAuthorized != null) {
            return rejected(notAuthorized);
        }
        int slot = state.shares.slotOf(key);
        if (slot < 0) {
            return rejected(Operations.notFound(key));
        }
        long[] affected = state.removeShare(slot);
        String shareId = ShareKeys.shareId(key);
        ShareType shareType = ShareType.ofIndex(type);
        Result result =
                Result.ok(
                        "share " + shareId + ' ' + shareType + " removed; " + affected.length + " buyers affected",
                        new ShareRemoved(shareId, shareType, affected.length));
        return new Removal(result, affected);
    }

    private static Removal rejected(Result result) {
        return new Removal(result, Removal.NONE);
    }
}
