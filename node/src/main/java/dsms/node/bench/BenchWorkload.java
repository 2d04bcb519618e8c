package dsms.node.bench;

import dsms.node.http.BatchWire;
import dsms.node.http.Operations;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The operation mixes of {@code dsms bench}. Each virtual client is one buyer that only touches
 * its own holdings, so operations succeed and the figures measure the system, not errors.
 *
 * <p>A client's requests alternate between two variants (buy then sell, swap there then back).
 * A request of a batch carries one operation per slot, and every slot works on its own share, so
 * the operations of one batch never depend on each other: whatever order the cluster runs them
 * in, each succeeds. Slot {@code j}'s shares are dated {@code j / 3} weeks after the mix's first
 * date, with the share type {@code j % 3}, which keeps a buyer within the daily rule (one share
 * per type and date) and the weekly rule (at most three shares of one ISO week outside the home
 * market) of DOMAIN.md however many slots it holds. Trading starts on 1 January 2026 (slot 0 is
 * NYKM010126 EQUITY, the share of earlier versions of this benchmark) and swapping on 1 January
 * 2033: 1,000 slots span under seven years, so the two mixes never touch each other's dates and
 * a buyer left holding a swapped share cannot block a later trade run under the daily rule.
 */
enum BenchWorkload {
    /** Buy one unit of each slot's share, then sell it: two writes per cycle. */
    TRADE,
    /** The buyer's holdings: reads that still go through the total order and the vote. */
    READ,
    /** Swap each slot's holding from its morning share to its afternoon share and back. */
    SWAP;

    /** The batch endpoint's limit, and so the most slots a request has. */
    static final int SLOTS_MAX = 1_000;
    private static final LocalDate TRADE_FIRST_DATE = LocalDate.of(2026, 1, 1);
    private static final LocalDate SWAP_FIRST_DATE = LocalDate.of(2033, 1, 1);
    private static final DateTimeFormatter SHARE_DATE = DateTimeFormatter.ofPattern("ddMMyy", Locale.ROOT);
    private static final List<String> SHARE_TYPES = List.of("EQUITY", "BONUS", "DIVIDEND");

    static BenchWorkload parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** How many different requests a client alternates between. */
    int variants() {
        return this == READ ? 1 : 2;
    }

    /** The operation in slot {@code slot} of a request of variant {@code variant}. */
    Operation operation(int slot, int variant) {
        String type = shareType(slot);
        return switch (this) {
            case TRADE -> variant == 0
                    ? new Operation("purchaseShare", List.of(morningShare(slot), type, "1"))
                    : new Operation("sellShare", List.of(morningShare(slot), "1", type));
            case READ -> new Operation("getShares", List.of());
            case SWAP -> variant == 0
                    ? swap(morningShare(slot), afternoonShare(slot), type)
                    : swap(afternoonShare(slot), morningShare(slot), type);
        };
    }

    /** The shares (ID, type) an admin creates before a run with {@code slots} operations per request. */
    List<Share> sharesToCreate(int slots) {
        List<Share> shares = new ArrayList<>();
        for (int slot = 0; slot < slots && this != READ; slot++) {
            shares.add(new Share(morningShare(slot), shareType(slot)));
            if (this == SWAP) {
                shares.add(new Share(afternoonShare(slot), shareType(slot)));
            }
        }
        return shares;
    }

    /** The purchases that give a buyer its first holdings before a run: swapping needs something to swap. */
    List<Operation> holdingsToBuy(int slots) {
        List<Operation> purchases = new ArrayList<>();
        for (int slot = 0; slot < slots && this == SWAP; slot++) {
            purchases.add(new Operation("purchaseShare", List.of(morningShare(slot), shareType(slot), "1")));
        }
        return purchases;
    }

    String morningShare(int slot) {
        return "NYKM" + shareDate(slot);
    }

    String afternoonShare(int slot) {
        return "NYKA" + shareDate(slot);
    }

    static String shareType(int slot) {
        return SHARE_TYPES.get(slot % SHARE_TYPES.size());
    }

    private String shareDate(int slot) {
        return (this == SWAP ? SWAP_FIRST_DATE : TRADE_FIRST_DATE).plusWeeks(slot / SHARE_TYPES.size()).format(SHARE_DATE);
    }

    private static Operation swap(String from, String to, String type) {
        return new Operation("swapShares", List.of(from, type, to, type));
    }

    /**
     * A market operation: its name and its arguments in command-line order, as the binary batch
     * carries them; the JSON forms name each argument after its field in {@link Operations}.
     */
    record Operation(String name, List<String> arguments) {
        Operation {
            arguments = List.copyOf(arguments);
        }

        /** The fields as JSON members, without the braces: counts as numbers, the rest as strings. */
        String fields() {
            List<Operations.Field> fields = Operations.ALL.get(name).fields();
            StringJoiner members = new StringJoiner(",");
            for (int index = 0; index < arguments.size(); index++) {
                Operations.Field field = fields.get(index);
                String value = field.kind() == Operations.FieldKind.COUNT ? arguments.get(index) : "\"" + arguments.get(index) + "\"";
                members.add("\"" + field.name() + "\":" + value);
            }
            return members.toString();
        }

        /** The body of {@code POST /api/v1/operations/NAME}. */
        String body() {
            return "{" + fields() + "}";
        }

        /** The operation as one element of the batch endpoint's {@code operations} array. */
        String batchElement() {
            String fields = fields();
            return "{\"operation\":\"" + name + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
        }

        /** The operation as one of a binary batch's. */
        BatchWire.Call call() {
            return new BatchWire.Call(name, arguments);
        }
    }

    record Share(String shareId, String shareType) {}
}
