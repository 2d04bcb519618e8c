package dsms.node.bench;

import java.util.List;
import java.util.Locale;

/**
 * The operation mixes of {@code dsms bench}. Each virtual client is one buyer that only touches
 * its own holdings, so every operation succeeds and the figures measure the system, not errors.
 */
enum BenchWorkload {
    /** Buy one unit, then sell it: two writes per cycle. */
    TRADE,
    /** The buyer's holdings: reads that still go through the total order and the vote. */
    READ,
    /** Swap the holding between two shares and back. */
    SWAP;

    static BenchWorkload parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The shares every run needs, created once by an admin before the clock starts. */
    static final List<String> SHARE_IDS = List.of("NYKM010126", "NYKA010126");

    /**
     * A client's next operation, given whether it holds the unit it trades (trade mix) or has
     * swapped its holding to the second share (swap mix); reads ignore it.
     */
    Operation operation(boolean holds) {
        return switch (this) {
            case TRADE -> !holds
                    ? new Operation("purchaseShare", "{\"shareId\":\"" + SHARE_IDS.get(0) + "\",\"shareType\":\"EQUITY\",\"count\":1}")
                    : new Operation("sellShare", "{\"shareId\":\"" + SHARE_IDS.get(0) + "\",\"count\":1}");
            case READ -> new Operation("getShares", "{}");
            case SWAP -> !holds
                    ? swap(SHARE_IDS.get(0), SHARE_IDS.get(1))
                    : swap(SHARE_IDS.get(1), SHARE_IDS.get(0));
        };
    }

    private static Operation swap(String from, String to) {
        return new Operation("swapShares", "{\"oldShareId\":\"" + from + "\",\"oldShareType\":\"EQUITY\",\"newShareId\":\""
                + to + "\",\"newShareType\":\"EQUITY\"}");
    }

    record Operation(String name, String body) {}
}
