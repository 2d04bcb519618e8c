package dsms.market.command;

import dsms.core.Checks;

/** A buyer lists its own holdings in all markets. */
public record GetShares(String actingUser) implements Command {
    public GetShares {
        Checks.check(actingUser != null, "actingUser is required");
    }

    @Override
    public String operation() {
        return "getShares";
    }
}
