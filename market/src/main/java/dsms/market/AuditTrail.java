package dsms.market;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.market.codec.Utf8Sink;
import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.AsciiText;
import dsms.market.result.MessageSink;
import dsms.market.result.Result;
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
 *
 * <p>Lines are built as UTF-8 bytes in one reused buffer, and the same bytes go to every log the
 * line belongs in: building each line as a string and encoding it for the files was about a third
 * of everything a replica allocated under load. A trail therefore belongs to one market and one
 * thread.
 */
final class AuditTrail {
    /** The log of operations that name neither a valid user nor a valid share. */
    static final String UNATTRIBUTED_LOG = "rejected";

    /** The log names of every market, by market index, built once instead of once per line. */
    private static final String[] MARKET_LOGS = marketLogNames();

    /**
     * The longest line: raw input is cut to {@link Ascii#QUOTED_LENGTH_MAX} characters wherever it
     * appears, so lines are a few hundred bytes; this bound catches a programming error that would
     * grow the reused buffer without end.
     */
    static final int LINE_BYTES_MAX = 64 * 1024;

    private static final AsciiText SEQUENCE = AsciiText.of(" seq=");
    private static final AsciiText USER = AsciiText.of(" user=");
    private static final AsciiText OPERATION = AsciiText.of(" op=");
    private static final AsciiText PARAMETERS = AsciiText.of(" params=");
    private static final AsciiText CODE = AsciiText.of(" code=");
    private static final AsciiText MESSAGE = AsciiText.of(" message=");
    private static final AsciiText HOLDER = AsciiText.of(" holder=");
    private static final AsciiText UNITS_REMOVED = AsciiText.of(" unitsRemoved=");

    private static final String USER_LOG_PREFIX = "user-";
    private static final int USER_LOG_CACHE_BITS = 8;
    /** How many users' log names are kept at once. */
    static final int USER_LOG_CACHE_ENTRIES = 1 << USER_LOG_CACHE_BITS;

    private final Utf8Sink line = new Utf8Sink(256);
    private final String[] userLogNames = new String[USER_LOG_CACHE_ENTRIES];
    private final int[] userLogCodes = new int[USER_LOG_CACHE_ENTRIES];

    void record(
            AuditSink audit, long sequence, long timestampMillis, Command command, Result result, long[] affectedHolders) {
        int user = UserIds.parse(command.actingUser());
        line.truncate(0);
        InstantText.append(line, timestampMillis);
        line.append(SEQUENCE).append(sequence).append(USER);
        if (user >= 0) {
            UserIds.appendTo(line, user);
        } else {
            Ascii.quote(line, command.actingUser());
        }
        line.append(OPERATION).append(command.operation()).append(PARAMETERS);
        appendParameters(command);
        line.append(CODE).append(result.code().nameText()).append(MESSAGE);
        result.writeMessage(line);
        checkLength();
        if (user >= 0) {
            audit.record(userLog(user), line.bytes(), line.length());
        }
        for (String log : marketLogs(command, user)) {
            audit.record(log, line.bytes(), line.length());
        }
        int lineLength = line.length();
        for (long holder : affectedHolders) {
            int buyerCode = UserIds.buyerCode((int) (holder >>> 32));
            long unitsRemoved = holder & 0xFFFF_FFFFL;
            line.truncate(lineLength);
            line.append(HOLDER);
            UserIds.appendTo(line, buyerCode);
            line.append(UNITS_REMOVED).append(unitsRemoved);
            checkLength();
            audit.record(userLog(buyerCode), line.bytes(), line.length());
        }
    }

    /** Records the answer to command bytes that could not be decoded into any command. */
    void recordMalformed(AuditSink audit, long sequence, long timestampMillis, int commandLength, Result result) {
        line.truncate(0);
        InstantText.append(line, timestampMillis);
        line.append(" seq=").append(sequence).append(" user=(unknown) op=(malformed) params=").append(commandLength)
                .append(" bytes code=").append(result.code().name()).append(" message=");
        result.writeMessage(line);
        checkLength();
        audit.record(UNATTRIBUTED_LOG, line.bytes(), line.length());
    }

    /**
     * The log name of a user, from a small cache: a busy market's lines go to the logs of the
     * buyers trading at the moment, and building the name for every line was a string builder,
     * a string and its hash each time.
     */
    private String userLog(int userCode) {
        // Fibonacci hashing: the buyers of all markets and both roles spread over the entries.
        int slot = (userCode * 0x9E37_79B1) >>> (Integer.SIZE - USER_LOG_CACHE_BITS);
        String name = userLogNames[slot];
        if (name == null || userLogCodes[slot] != userCode) {
            StringBuilder text = new StringBuilder(USER_LOG_PREFIX.length() + UserIds.ID_LENGTH).append(USER_LOG_PREFIX);
            UserIds.appendTo(MessageSink.into(text), userCode);
            name = text.toString();
            userLogNames[slot] = name;
            userLogCodes[slot] = userCode;
        }
        return name;
    }

    private static String[] marketLogNames() {
        Market[] markets = Market.values();
        String[] names = new String[markets.length];
        for (Market market : markets) {
            names[market.ordinal()] = "market-" + market.name();
        }
        return names;
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
                String log = MARKET_LOGS[Market.ofIndex(ShareKeys.market(shareIdCode << 2)).ordinal()];
                if (!logs.contains(log)) {
                    logs.add(log);
                }
            }
        }
        if (logs.isEmpty()) {
            logs.add(user >= 0 ? MARKET_LOGS[Market.ofIndex(UserIds.market(user)).ordinal()] : UNATTRIBUTED_LOG);
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

    /** Appends the raw parameters, comma-separated, each text escaped so that a line stays one line. */
    private void appendParameters(Command command) {
        if (command instanceof AddShare add) {
            quoted(add.shareId()).append(',');
            quoted(add.shareType()).append(',').append(add.capacity());
        } else if (command instanceof RemoveShare remove) {
            quoted(remove.shareId()).append(',');
            quoted(remove.shareType());
        } else if (command instanceof ListShareAvailability list) {
            quoted(list.shareType());
        } else if (command instanceof PurchaseShare purchase) {
            quoted(purchase.shareId()).append(',');
            quoted(purchase.shareType()).append(',').append(purchase.count());
        } else if (command instanceof SellShare sell) {
            quoted(sell.shareId()).append(',').append(sell.count());
            if (sell.shareType() != null) {
                line.append(',');
                quoted(sell.shareType());
            }
        } else if (command instanceof SwapShares swap) {
            quoted(swap.oldShareId()).append(',');
            quoted(swap.oldShareType()).append(',');
            quoted(swap.newShareId()).append(',');
            quoted(swap.newShareType());
        } else {
            Checks.check(command instanceof GetShares, "every operation but getShares has parameters");
        }
    }

    private void checkLength() {
        Checks.check(line.length() <= LINE_BYTES_MAX, "an audit line of %d bytes fits %d", line.length(), LINE_BYTES_MAX);
    }

    private Utf8Sink quoted(String raw) {
        Ascii.quote(line, raw);
        return line;
    }
}
