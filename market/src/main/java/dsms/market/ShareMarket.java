package dsms.market;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.core.SnapshotFormatException;
import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.Result;

/**
 * The share market of DOMAIN.md as a typed, single-threaded, deterministic state machine.
 *
 * <p>Each command is checked in the order of DOMAIN.md (well-formed arguments, then role and
 * market, then the operation's own checks) and either fully applied or not applied at all. The
 * market never reads a clock: the sequencer's timestamp only reaches audit lines.
 *
 * <p>Bounds: at most 30,000 buyers (10,000 per market, from the user ID format) and at most
 * 3 x 3 x 36,525 x 3 share keys (markets, sessions, dates of 2000-2099, types). Point operations
 * cost O(log h + h) for a buyer with h holdings (the daily and weekly rules scan them); removing a
 * share costs O(holders); a listing costs O(shares), as does a snapshot.
 */
public final class ShareMarket {
    private MarketState state;
    private final AuditTrail auditTrail = new AuditTrail();

    public ShareMarket() {
        state = new MarketState(0);
    }

    /**
     * Applies one command.
     *
     * @param sequence the command's position in the total order, for audit lines only
     * @param timestampMillis the sequencer's time, for audit lines only
     * @param audit receives the operation's audit lines, built only when it is enabled
     * @return the result; a result with an error code left the state unchanged
     */
    public Result execute(long sequence, long timestampMillis, Command command, AuditSink audit) {
        Checks.check(command != null, "a command is required");
        Checks.check(audit != null, "an audit sink is required");
        long[] affectedHolders = AdminOperations.Removal.NONE;
        Result result;
        if (command instanceof PurchaseShare purchase) {
            result = TradeOperations.purchaseShare(state, purchase);
        } else if (command instanceof SellShare sell) {
            result = TradeOperations.sellShare(state, sell);
        } else if (command instanceof SwapShares swap) {
            result = TradeOperations.swapShares(state, swap);
        } else if (command instanceof GetShares getShares) {
            result = QueryOperations.getShares(state, getShares);
        } else if (command instanceof ListShareAvailability list) {
            result = QueryOperations.listShareAvailability(state, list);
        } else if (command instanceof AddShare add) {
            result = AdminOperations.addShare(state, add);
        } else if (command instanceof RemoveShare remove) {
            AdminOperations.Removal removal = AdminOperations.removeShare(state, remove);
            result = removal.result();
            affectedHolders = removal.affectedHolders();
        } else {
            throw new IllegalStateException("unknown command " + command.operation());
        }
        if (audit.isEnabled()) {
            auditTrail.record(audit, sequence, timestampMillis, command, result, affectedHolders);
        }
        return result;
    }

    /** Records the answer to command bytes that could not be decoded into any command. */
    void recordMalformed(long sequence, long timestampMillis, int commandLength, Result result, AuditSink audit) {
        auditTrail.recordMalformed(audit, sequence, timestampMillis, commandLength, result);
    }

    /** Returns the canonical snapshot: equal states give equal bytes, whatever their history. */
    public byte[] snapshot() {
        return MarketSnapshot.encode(state);
    }

    /**
     * Replaces the whole state by a snapshot's, after validating it completely.
     *
     * @throws SnapshotFormatException when the bytes are not a valid snapshot; the state is then
     *     unchanged
     */
    public void restore(byte[] snapshot) {
        state = MarketSnapshot.decode(snapshot);
    }

    /** @throws dsms.core.InvariantViolation naming the first invariant that does not hold */
    public void checkInvariants() {
        MarketInvariants.check(state);
    }

    /** The number of shares that exist. */
    public int shareCount() {
        return state.shares.size();
    }

    /** The number of holdings of all buyers together. */
    public long holdingCount() {
        return state.holdingCount();
    }
}
