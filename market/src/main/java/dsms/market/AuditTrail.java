package dsms.market;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the audit lines of one operation: one in the acting user's log, one in the log of each
 * market concerned, and, for a removal, one in each affected buyer's log.
 *
 * <p>Line format: {@code <ISO-8601 UTC time> seq=<n> user=<id> op=<operation> params=<a,b,...>
 * code=<code> message=<message>}. Parameters are the raw input, escaped by {@link Ascii#quote} so
 * that one operation is always one line. Only the sequencer's time and the ordered input reach a
 * line, so healthy replicas write identical logs.
 */
final class AuditTrail {
    /** The log of operations that name neither a valid user nor a valid share. */
    static final String UNATTRIBUTED_LOG = "rejected";

    private AuditTrail() {}

    static void record(
            AuditSink audit, long sequence, long timestampMillis, Command command, Result result, long[] affectedHolders) {
        int user = UserIds.parse(command.actingUser());
        String userShown = user >= 0 ? UserIds.format(user) : Ascii.quote(command.actingUser());
        String line =
                Instant.ofEpochMilli(timestampMillis) + " seq=" + sequence + " user=" + userShown + " op="
                        + command.operation() + " params=" + String.join(",", parameters(command)) + " code="
                        + result.code() + " message=" + result.message();
        if (user >= 0) {
            audit.record(userLog(user), line);
        }
        for (String log : marketLogs(command, user)) {
            audit.record(log, line);
        }
        for (long holder : affectedHolders) {
            int buyerCode = UserIds.buyerCode((int) (holder >>> 32));
            long unitsRemoved = holder & 0xFFFF_FFFFL;
            audit.record(userLog(buyerCode), line + " holder=" + UserIds.format(buyerCode) + " unitsRemoved=" + unitsRemoved);
        }
    }

    /** Records the answer to command bytes that could not be decoded into any command. */
    static void recordMalformed(AuditSink audit, long sequence, long timestampMillis, int commandLength, Result result) {
        audit.record(
                UNATTRIBUTED_LOG,
                Instant.ofEpochMilli(timestampMillis) + " seq=" + sequence + " user=(unknown) op=(malformed) params=" + commandLength
                        + " bytes code=" + result.code() + " message=" + result.message());
    }

    private static String userLog(int userCode) {
        return "user-" + UserIds.format(userCode);
    }

    /**
     * The markets whose logs record the operation: those of the shares it names (both, for a swap
     * across markets), or the acting user's home market when it names none or none is well formed.
     */
    private static List<String> marketLogs(Command command, int user) {
        List<String> logs = new ArrayList<>(2);
        for (String shareId : sharesNamed(command)) {
            int shareIdCode = ShareKeys.parseShareId(shareId);
            if (shareIdCode >= 0) {
                String log = "market-" + Market.ofIndex(ShareKeys.market(shareIdCode << 2)).name();
                if (!logs.contains(log)) {
                    logs.add(log);
                }
            }
        }
        if (logs.isEmpty()) {
            logs.add(user >= 0 ? "market-" + Market.ofIndex(UserIds.market(user)).name() : UNATTRIBUTED_LOG);
        }
        return logs;
    }

    private static List<String> sharesNamed(Command command) {
        if (command instanceof AddShare add) {
            return List.of(add.shareId());
        } else if (command instanceof RemoveShare remove) {
            return List.of(remove.shareId());
        } else if (command instanceof PurchaseShare purchase) {
            return List.of(purchase.shareId());
        } else if (command instanceof SellShare sell) {
            return List.of(sell.shareId());
        } else if (command instanceof SwapShares swap) {
            return List.of(swap.oldShareId(), swap.newShareId());
        }
        return List.of();
    }

    private static List<String> parameters(Command command) {
        List<String> raw = new ArrayList<>(4);
        if (command instanceof AddShare add) {
            raw.addAll(List.of(Ascii.quote(add.shareId()), Ascii.quote(add.shareType()), Long.toString(add.capacity())));
        } else if (command instanceof RemoveShare remove) {
            raw.addAll(List.of(Ascii.quote(remove.shareId()), Ascii.quote(remove.shareType())));
        } else if (command instanceof ListShareAvailability list) {
            raw.add(Ascii.quote(list.shareType()));
        } else if (command instanceof PurchaseShare purchase) {
            raw.addAll(List.of(Ascii.quote(purchase.shareId()), Ascii.quote(purchase.shareType()), Long.toString(purchase.count())));
        } else if (command instanceof SellShare sell) {
            raw.addAll(List.of(Ascii.quote(sell.shareId()), Long.toString(sell.count())));
            if (sell.shareType() != null) {
                raw.add(Ascii.quote(sell.shareType()));
            }
        } else if (command instanceof SwapShares swap) {
            raw.addAll(List.of(
                    Ascii.quote(swap.oldShareId()),
                    Ascii.quote(swap.oldShareType()),
                    Ascii.quote(swap.newShareId()),
                    Ascii.quote(swap.newShareType())));
        } else {
            Checks.check(command instanceof GetShares, "every operation but getShares has parameters");
        }
        return raw;
    }
}
