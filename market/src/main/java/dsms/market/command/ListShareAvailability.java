package dsms.market.command;

import dsms.core.Checks;

/** Any user lists every share of a type in all markets. */
public record ListShareAvailability(String actingUser, String shareType) implements Command {
    public ListShareAvailability {
        Checks.check(actingUser != null, "actingUser is required");
        Checks.check(shareType != null, "shareType is required");
    }

    @Override
    public String operation() {
        return "listShareAvailability";
    }
}
