package dsms.market.command;

import dsms.core.Checks;

/** A buyer asks for {@code count} units of a share and gets {@code min(count, remaining)}. */
public record PurchaseShare(String actingUser, String shareId, String shareType, long count) implements Command {
    public PurchaseShare {
        Checks.check(actingUser != null, "actingUser is required");
        Checks.check(shareId != null, "shareId is required");
        Checks.check(shareType != null, "shareType is required");
    }

    @Override
    public String operation() {
        return "purchaseShare";
    }
}
