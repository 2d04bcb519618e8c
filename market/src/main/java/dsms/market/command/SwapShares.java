package dsms.market.command;

import dsms.core.Checks;

/** A buyer atomically replaces its whole holding of one share by the same number of units of another. */
public record SwapShares(String actingUser, String oldShareId, String oldShareType, String newShareId, String newShareType) implements Command {
    public SwapShares {
        Checks.check(actingUser != null, "actingUser is required");
        Checks.check(oldShareId != null, "oldShareId is required");
        Checks.check(oldShareType != null, "oldShareType is required");
        Checks.check(newShareId != null, "newShareId is required");
        Checks.check(newShareType != null, "newShareType is required");
    }

    @Override
    public String operation() {
        return "swapShares";
    }
}
