package dsms.market.command;

/**
 * One operation of the share market, as a user asked for it.
 *
 * <p>Every field is raw user input: IDs and types are strings in any case, counts are longs of any
 * value. The market validates and normalises them, so that out-of-range input reaches the market
 * and is answered with {@code INVALID_ARGUMENT} rather than failing earlier in a different way on
 * different front ends. Only null fields are refused here, as programmer errors.
 */
public sealed interface Command
        permits AddShare, RemoveShare, ListShareAvailability, PurchaseShare, GetShares, SellShare, SwapShares {

    /** The user on whose behalf the operation runs, as authenticated by the front end. */
    String actingUser();

    /** The operation's name in the command line and in audit logs, such as {@code addShare}. */
    String operation();
}
