package dsms.market;

import dsms.market.command.PurchaseShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.AsciiText;
import dsms.market.result.MessageSink;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.SharePurchased;
import dsms.market.result.ResultData.ShareSold;
import dsms.market.result.ResultData.SharesSwapped;

/**
 * purchaseShare, sellShare and swapShares. Each one runs every check before it changes anything,
 * so a rejected operation leaves the state exactly as it was.
 */
final class TradeOperations {
    /** What the holding searches return when the buyer holds nothing of the share. */
    private static final int NOT_HELD = -1;
    /** What the search without a type returns when the buyer holds the ID under several types. */
    private static final int HELD_UNDER_SEVERAL_TYPES = -2;

    private TradeOperations() {}

    static Result purchaseShare(MarketState state, PurchaseShare command) {
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
        if (!Arguments.isCountInRange(command.count())) {
            return Arguments.invalidCount("count", command.count());
        }
        Result notAuthorized = Authorization.requireBuyer(user, "purchase shares");
        if (notAuthorized != null) {
            return notAuthorized;
        }
        int key = ShareKeys.key(shareIdCode, type);
        int slot = state.shares.slotOf(key);
        if (slot < 0) {
            return Operations.notFound(key);
        }
        int buyer = UserIds.buyerIndex(user);
        BuyerHoldings holdings = state.holdingsOrNull(buyer);
        if (holdings != null && holdings.indexOf(key) >= 0) {
            return Operations.alreadyHeld(user, key);
        }
        Result limit = TradingRules.check(holdings, UserIds.market(user), key, TradingRules.NO_EXCLUDED_KEY);
        if (limit != null) {
            return limit;
        }
        long remaining = state.shares.remaining(slot);
        if (remaining == 0) {
            return Result.failure(ResultCode.SHARE_FULL, "share " + ShareKeys.describe(key) + " has no units remaining");
        }
        long purchased = Math.min(command.count(), remaining);
        state.grant(buyer, slot, purchased);
        String shareId = ShareKeys.shareId(key);
        ShareType shareType = ShareType.ofIndex(type);
        return Result.ok(new SharePurchased(shareId, shareType, command.count(), purchased), TradeOperations::purchasedMessage);
    }

    static Result sellShare(MarketState state, SellShare command) {
        int user = UserIds.parse(command.actingUser());
        int shareIdCode = ShareKeys.parseShareId(command.shareId());
        boolean typeGiven = command.shareType() != null;
        int type = typeGiven ? ShareType.parseIndex(command.shareType()) : -1;
        if (user < 0) {
            return Arguments.invalidUser(command.actingUser());
        }
        if (shareIdCode < 0) {
            return Arguments.invalidShareId("share ID", command.shareId());
        }
        if (!Arguments.isCountInRange(command.count())) {
            return Arguments.invalidCount("count", command.count());
        }
        if (typeGiven && type < 0) {
            return Arguments.invalidType("share type", command.shareType());
        }
        Result notAuthorized = Authorization.requireBuyer(user, "sell shares");
        if (notAuthorized != null) {
            return notAuthorized;
        }
        int buyer = UserIds.buyerIndex(user);
        BuyerHoldings holdings = state.holdingsOrNull(buyer);
        int index = typeGiven ? heldIndex(holdings, ShareKeys.key(shareIdCode, type)) : soleHeldIndex(holdings, shareIdCode);
        if (index == NOT_HELD) {
            String what = typeGiven ? ShareKeys.describe(ShareKeys.key(shareIdCode, type)) : ShareKeys.shareId(shareIdCode << 2);
            return Operations.notHeld(user, what);
        }
        if (index == HELD_UNDER_SEVERAL_TYPES) {
            return Arguments.invalid(
                    UserIds.format(user) + " holds " + ShareKeys.shareId(shareIdCode << 2)
                            + " under several types: give the type to sell");
        }
        long held = holdings.count(index);
        int key = holdings.key(index);
        if (command.count() > held) {
            return Result.failure(
                    ResultCode.INSUFFICIENT_HOLDING,
                    "cannot sell " + command.count() + " units of " + ShareKeys.describe(key) + ": only " + held + " held");
        }
        state.sell(buyer, index, command.count());
        long left = held - command.count();
        String shareId = ShareKeys.shareId(key);
        ShareType shareType = ShareType.ofIndex(ShareKeys.type(key));
        return Result.ok(new ShareSold(shareId, shareType, command.count(), left), TradeOperations::soldMessage);
    }

    static Result swapShares(MarketState state, SwapShares command) {
        int user = UserIds.parse(command.actingUser());
        int oldShareIdCode = ShareKeys.parseShareId(command.oldShareId());
        int oldType = ShareType.parseIndex(command.oldShareType());
        int newShareIdCode = ShareKeys.parseShareId(command.newShareId());
        int newType = ShareType.parseIndex(command.newShareType());
        Result invalid = firstInvalidSwapArgument(command, user, oldShareIdCode, oldType, newShareIdCode, newType);
        if (invalid != null) {
            return invalid;
        }
        Result notAuthorized = Authorization.requireBuyer(user, "swap shares");
        if (notAuthorized != null) {
            return notAuthorized;
        }
        int oldKey = ShareKeys.key(oldShareIdCode, oldType);
        int newKey = ShareKeys.key(newShareIdCode, newType);
        int buyer = UserIds.buyerIndex(user);
        BuyerHoldings holdings = state.holdingsOrNull(buyer);
        Result refused = refuseSwap(state, user, holdings, oldKey, newKey);
        if (refused != null) {
            return refused;
        }
        long count = state.drop(buyer, holdings.indexOf(oldKey));
        state.grant(buyer, state.shares.slotOf(newKey), count);
        String oldShareId = ShareKeys.shareId(oldKey);
        String newShareId = ShareKeys.shareId(newKey);
        ShareType oldShareType = ShareType.ofIndex(oldType);
        ShareType newShareType = ShareType.ofIndex(newType);
        return Result.ok(new SharesSwapped(oldShareId, oldShareType, newShareId, newShareType, count), TradeOperations::swappedMessage);
    }

    // The success messages are written from the data only when read or encoded: see Result.

    private static final AsciiText PURCHASED = AsciiText.of("purchased ");
    private static final AsciiText OF = AsciiText.of(" of ");
    private static final AsciiText REQUESTED_UNITS_OF = AsciiText.of(" requested units of ");
    private static final AsciiText SOLD = AsciiText.of("sold ");
    private static final AsciiText UNITS_OF = AsciiText.of(" units of ");
    private static final AsciiText SEMICOLON = AsciiText.of("; ");
    private static final AsciiText LEFT = AsciiText.of(" left");
    private static final AsciiText SWAPPED = AsciiText.of("swapped ");
    private static final AsciiText FOR = AsciiText.of(" for ");

    private static void purchasedMessage(SharePurchased purchased, MessageSink sink) {
        sink.append(PURCHASED).append(purchased.purchased()).append(OF).append(purchased.requested())
                .append(REQUESTED_UNITS_OF).append(purchased.shareId()).append(' ').append(purchased.shareType().nameText());
    }

    private static void soldMessage(ShareSold sold, MessageSink sink) {
        sink.append(SOLD).append(sold.sold()).append(UNITS_OF).append(sold.shareId()).append(' ')
                .append(sold.shareType().nameText()).append(SEMICOLON).append(sold.held()).append(LEFT);
    }

    private static void swappedMessage(SharesSwapped swapped, MessageSink sink) {
        sink.append(SWAPPED).append(swapped.count()).append(UNITS_OF).append(swapped.oldShareId()).append(' ')
                .append(swapped.oldShareType().nameText()).append(FOR).append(swapped.newShareId()).append(' ')
                .append(swapped.newShareType().nameText());
    }

    private static Result firstInvalidSwapArgument(
            SwapShares command, int user, int oldShareIdCode, int oldType, int newShareIdCode, int newType) {
        if (user < 0) {
            return Arguments.invalidUser(command.actingUser());
        }
        if (oldShareIdCode < 0) {
            return Arguments.invalidShareId("old share ID", command.oldShareId());
        }
        if (oldType < 0) {
            return Arguments.invalidType("old share type", command.oldShareType());
        }
        if (newShareIdCode < 0) {
            return Arguments.invalidShareId("new share ID", command.newShareId());
        }
        if (newType < 0) {
            return Arguments.invalidType("new share type", command.newShareType());
        }
        return null;
    }

    /** The swap's own checks, in the order of DOMAIN.md; null when the swap may go ahead. */
    private static Result refuseSwap(MarketState state, int user, BuyerHoldings holdings, int oldKey, int newKey) {
        int oldIndex = heldIndex(holdings, oldKey);
        if (oldIndex == NOT_HELD) {
            return Operations.notHeld(user, ShareKeys.describe(oldKey));
        }
        if (oldKey == newKey) {
            return Arguments.invalid("cannot swap " + ShareKeys.describe(oldKey) + " for itself");
        }
        int newSlot = state.shares.slotOf(newKey);
        if (newSlot < 0) {
            return Operations.notFound(newKey);
        }
        if (holdings.indexOf(newKey) >= 0) {
            return Operations.alreadyHeld(user, newKey);
        }
        Result limit = TradingRules.check(holdings, UserIds.market(user), newKey, oldKey);
        if (limit != null) {
            return limit;
        }
        long held = holdings.count(oldIndex);
        long remaining = state.shares.remaining(newSlot);
        if (remaining < held) {
            return Result.failure(
                    ResultCode.SHARE_FULL,
                    "share " + ShareKeys.describe(newKey) + " has " + remaining + " units remaining, fewer than the "
                            + held + " held of " + ShareKeys.describe(oldKey));
        }
        return null;
    }

    private static int heldIndex(BuyerHoldings holdings, int key) {
        if (holdings == null) {
            return NOT_HELD;
        }
        int index = holdings.indexOf(key);
        return index >= 0 ? index : NOT_HELD;
    }

    /**
     * Finds the one holding of a share ID under any type. Keys of one share ID are adjacent in the
     * sorted holdings, since the type is the lowest part of the key.
     */
    private static int soleHeldIndex(BuyerHoldings holdings, int shareIdCode) {
        if (holdings == null) {
            return NOT_HELD;
        }
        int firstKey = ShareKeys.key(shareIdCode, 0);
        int index = holdings.indexOf(firstKey);
        int start = index >= 0 ? index : -index - 1;
        int found = NOT_HELD;
        for (int candidate = start; candidate < holdings.size(); candidate++) {
            if (ShareKeys.shareIdCode(holdings.key(candidate)) != shareIdCode) {
                break;
            }
            if (found != NOT_HELD) {
                return HELD_UNDER_SEVERAL_TYPES;
            }
            found = candidate;
        }
        return found;
    }
}
