package dsms.simulation.check;

import dsms.protocol.message.OrderedEntry;
import java.util.Arrays;
import java.util.HexFormat;

/** Comparing and describing ordered entries, field by field (records compare arrays by identity). */
final class Entries {
    /** A failure report shows this many leading command bytes. */
    private static final int COMMAND_BYTES_SHOWN_MAX = 16;

    private Entries() {}

    static boolean same(OrderedEntry first, OrderedEntry second) {
        return first.epoch() == second.epoch()
                && first.sequence() == second.sequence()
                && first.timestampMillis() == second.timestampMillis()
                && first.requestId().equals(second.requestId())
                && first.frontEnd().equals(second.frontEnd())
                && Arrays.equals(first.command(), second.command());
    }

    static String describe(OrderedEntry entry) {
        byte[] command = entry.command();
        String shown = HexFormat.of().formatHex(command, 0, Math.min(command.length, COMMAND_BYTES_SHOWN_MAX));
        return "#" + entry.sequence() + " (epoch " + entry.epoch() + ", request " + entry.requestId() + " from "
                + entry.frontEnd() + ", time " + entry.timestampMillis() + " ms, command " + command.length + "B "
                + shown + (command.length > COMMAND_BYTES_SHOWN_MAX ? "..." : "") + ")";
    }
}
