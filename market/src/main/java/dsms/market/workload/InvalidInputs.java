package dsms.market.workload;

import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a well-formed command into one with a malformed argument, the kind of mistakes users make:
 * a wrong user ID, a share ID with an impossible date, an unknown type, an out-of-range count.
 */
final class InvalidInputs {
    private static final List<String> BAD_USER_IDS = List.of("NYKX0001", "NYB0001", "", "LONB00a1", "PARB0001", "TOKB00001");
    private static final List<String> BAD_SHARE_IDS =
            List.of("LONM310224", "NYKM290223", "NYKQ100224", "NYKM1002245", "XYZM100224", "NYKM000124", "NYKM101324", "TOKE1o0224");
    private static final List<String> BAD_TYPES = List.of("STOCK", "", "EQUITIES", "BOND", "DIVIDEND ");
    private static final List<Long> BAD_COUNTS = List.of(0L, -1L, 1_000_000_001L, Long.MIN_VALUE, Long.MAX_VALUE);

    private final SplittableRandom random;

    InvalidInputs(SplittableRandom random) {
        this.random = random;
    }

    Command corrupt(Command command) {
        if (random.nextInt(4) == 0) {
            return withActingUser(command, pick(BAD_USER_IDS));
        }
        if (command instanceof AddShare add) {
            return switch (random.nextInt(3)) {
                case 0 -> new AddShare(add.actingUser(), pick(BAD_SHARE_IDS), add.shareType(), add.capacity());
                case 1 -> new AddShare(add.actingUser(), add.shareId(), pick(BAD_TYPES), add.capacity());
                default -> new AddShare(add.actingUser(), add.shareId(), add.shareType(), pick(BAD_COUNTS));
            };
        } else if (command instanceof RemoveShare remove) {
            return random.nextBoolean()
                    ? new RemoveShare(remove.actingUser(), pick(BAD_SHARE_IDS), remove.shareType())
                    : new RemoveShare(remove.actingUser(), remove.shareId(), pick(BAD_TYPES));
        } else if (command instanceof PurchaseShare purchase) {
            return switch (random.nextInt(3)) {
                case 0 -> new PurchaseShare(purchase.actingUser(), pick(BAD_SHARE_IDS), purchase.shareType(), purchase.count());
                case 1 -> new PurchaseShare(purchase.actingUser(), purchase.shareId(), pick(BAD_TYPES), purchase.count());
                default -> new PurchaseShare(purchase.actingUser(), purchase.shareId(), purchase.shareType(), pick(BAD_COUNTS));
            };
        } else if (command instanceof SellShare sell) {
            return switch (random.nextInt(3)) {
                case 0 -> new SellShare(sell.actingUser(), pick(BAD_SHARE_IDS), sell.count(), sell.shareType());
                case 1 -> new SellShare(sell.actingUser(), sell.shareId(), sell.count(), pick(BAD_TYPES));
                default -> new SellShare(sell.actingUser(), sell.shareId(), pick(BAD_COUNTS), sell.shareType());
            };
        } else if (command instanceof SwapShares swap) {
            return random.nextBoolean()
                    ? new SwapShares(swap.actingUser(), swap.oldShareId(), swap.oldShareType(), pick(BAD_SHARE_IDS), swap.newShareType())
                    : new SwapShares(swap.actingUser(), swap.oldShareId(), pick(BAD_TYPES), swap.newShareId(), swap.newShareType());
        } else if (command instanceof ListShareAvailability list) {
            return new ListShareAvailability(list.actingUser(), pick(BAD_TYPES));
        }
        return withActingUser(command, pick(BAD_USER_IDS));
    }

    private static Command withActingUser(Command command, String actingUser) {
        if (command instanceof AddShare add) {
            return new AddShare(actingUser, add.shareId(), add.shareType(), add.capacity());
        } else if (command instanceof RemoveShare remove) {
            return new RemoveShare(actingUser, remove.shareId(), remove.shareType());
        } else if (command instanceof PurchaseShare purchase) {
            return new PurchaseShare(actingUser, purchase.shareId(), purchase.shareType(), purchase.count());
        } else if (command instanceof SellShare sell) {
            return new SellShare(actingUser, sell.shareId(), sell.count(), sell.shareType());
        } else if (command instanceof SwapShares swap) {
            return new SwapShares(actingUser, swap.oldShareId(), swap.oldShareType(), swap.newShareId(), swap.newShareType());
        } else if (command instanceof ListShareAvailability list) {
            return new ListShareAvailability(actingUser, list.shareType());
        }
        return new GetShares(actingUser);
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
