package dsms.market.command;

import dsms.core.Checks;

/**
 * A buyer returns {@code count} units of a share.
 *
 * @param shareType the type, or null when the buyer gave none: the market then picks the one type
 *     under which the buyer holds the ID, and rejects the sale when there are several
 */
public record SellShare(String actingUser, String shareId, long count, String shareType) implements Command {
    public SellShare {
        Checks.check(actingUser != null, "actingUser is required");
        Checks.check(shareId != null, "shareId is required");
    }

    @Override
    public String operation() {
        return "sellShare";
    }
}
