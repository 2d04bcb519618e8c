package dsms.market.command;

import dsms.core.Checks;

/** An admin deletes a share and every buyer's holding of it. */
public record RemoveShare(String actingUser, String shareId, String shareType) implements Command {
    public RemoveShare {
        Checks.check(actingUser != null, "actingUser is required");
        Checks.check(shareId != null, "shareId is required");
        Checks.check(shareType != null, "shareType is required");
    }

    @Override
    public String operation() {
        return "removeShare";
    }
}
