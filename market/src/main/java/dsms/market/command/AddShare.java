package dsms.market.command;

import dsms.core.Checks;

/** An admin creates a share with {@code remaining = capacity}. */
public record AddShare(String actingUser, String shareId, String shareType, long capacity) implements Command {
    public AddShare {
        Checks.check(actingUser != null, "actingUser is required");
        Checks.check(shareId != null, "shareId is required");
        Checks.check(shareType != null, "shareType is required");
    }

    @Override
    public String operation() {
        return "addShare";
    }
}
