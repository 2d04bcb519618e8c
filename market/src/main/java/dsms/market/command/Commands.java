package dsms.market.command;

import dsms.market.command.ParseOutcome.Parsed;
import dsms.market.command.ParseOutcome.Rejected;
import dsms.market.command.ParseOutcome.UsageError;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds commands from the command-line form of DESIGN.md "Interfaces". */
public final class Commands {
    /**
     * The longest argument, in chars, that a command may carry. Longer ones cannot be valid IDs or
     * types; refusing them here bounds the size of encoded commands and of audit lines.
     */
    public static final int ARGUMENT_LENGTH_MAX = 256;

    /** The usage line of every operation, in the order of DESIGN.md. */
    public static final List<String> USAGES =
            List.of(
                    "addShare SHAREID TYPE CAPACITY",
                    "removeShare SHAREID TYPE",
                    "listShareAvailability TYPE",
                    "purchaseShare SHAREID TYPE COUNT",
                    "getShares",
                    "sellShare SHAREID COUNT [TYPE]",
                    "swapShares OLDID OLDTYPE NEWID NEWTYPE");

    private Commands() {}

    /**
     * Parses an operation name (exactly as in DESIGN.md, case-sensitive) and its arguments.
     *
     * @param actingUser the authenticated user, taken from the key and never from the arguments
     */
    public static ParseOutcome parse(String actingUser, String operation, List<String> args) {
        // List.contains(null) throws on immutable lists, hence the explicit stream test.
        if (actingUser == null || operation == null || args == null || args.stream().anyMatch(Objects::isNull)) {
            return new UsageError("the acting user, the operation and every argument are required");
        }
        ParseOutcome tooLong = rejectTooLong(actingUser, args);
        if (tooLong != null) {
            return tooLong;
        }
        return switch (operation) {
            case "addShare" -> parseCounted(actingUser, operation, args, 3);
            case "removeShare" -> arity(operation, args, 2, 2, () -> new RemoveShare(actingUser, args.get(0), args.get(1)));
            case "listShareAvailability" -> arity(operation, args, 1, 1, () -> new ListShareAvailability(actingUser, args.get(0)));
            case "purchaseShare" -> parseCounted(actingUser, operation, args, 3);
            case "getShares" -> arity(operation, args, 0, 0, () -> new GetShares(actingUser));
            case "sellShare" -> parseSell(actingUser, args);
            case "swapShares" ->
                    arity(operation, args, 4, 4, () -> new SwapShares(actingUser, args.get(0), args.get(1), args.get(2), args.get(3)));
            default -> new UsageError("unknown operation '" + operation + "'; expected one of: " + String.join(", ", USAGES));
        };
    }

    /** Parses addShare and purchaseShare, whose third argument is a count. */
    private static ParseOutcome parseCounted(String actingUser, String operation, List<String> args, int argumentCount) {
        ParseOutcome wrongArity = checkArity(operation, args, argumentCount, argumentCount);
        if (wrongArity != null) {
            return wrongArity;
        }
        String countName = operation.equals("addShare") ? "capacity" : "count";
        Long count = parseInteger(args.get(2));
        if (count == null) {
            return notAnInteger(countName, args.get(2));
        }
        Command command =
                operation.equals("addShare")
                        ? new AddShare(actingUser, args.get(0), args.get(1), count)
                        : new PurchaseShare(actingUser, args.get(0), args.get(1), count);
        return new Parsed(command);
    }

    private static ParseOutcome parseSell(String actingUser, List<String> args) {
        ParseOutcome wrongArity = checkArity("sellShare", args, 2, 3);
        if (wrongArity != null) {
            return wrongArity;
        }
        Long count = parseInteger(args.get(1));
        if (count == null) {
            return notAnInteger("count", args.get(1));
        }
        String shareType = args.size() == 3 ? args.get(2) : null;
        return new Parsed(new SellShare(actingUser, args.get(0), count, shareType));
    }

    private static ParseOutcome arity(
            String operation, List<String> args, int minimum, int maximum, Supplier<Command> build) {
        ParseOutcome wrongArity = checkArity(operation, args, minimum, maximum);
        return wrongArity != null ? wrongArity : new Parsed(build.get());
    }

    private static ParseOutcome checkArity(String operation, List<String> args, int minimum, int maximum) {
        if (args.size() >= minimum && args.size() <= maximum) {
            return null;
        }
        String usage = USAGES.stream().filter(line -> line.startsWith(operation + ' ') || line.equals(operation)).findFirst().orElseThrow();
        return new UsageError("wrong number of arguments for " + operation + " (" + args.size() + "); usage: " + usage);
    }

    private static ParseOutcome rejectTooLong(String actingUser, List<String> args) {
        if (actingUser.length() > ARGUMENT_LENGTH_MAX) {
            return new Rejected("the acting user ID is longer than " + ARGUMENT_LENGTH_MAX + " characters");
        }
        for (String argument : args) {
            if (argument.length() > ARGUMENT_LENGTH_MAX) {
                return new Rejected("an argument is longer than " + ARGUMENT_LENGTH_MAX + " characters");
            }
        }
        return null;
    }

    private static Rejected notAnInteger(String name, String raw) {
        String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return new Rejected(name + " must be an integer from 1 to 1000000000, got '" + shown + "'");
    }

    /**
     * Parses a decimal integer with an optional sign. Returns null when the text is not an integer
     * or does not fit in a long; range checks are the market's job, so that every front end gives
     * the same answer for the same out-of-range value.
     */
    private static Long parseInteger(String text) {
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() == start) {
            return null;
        }
        for (int index = start; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character < '0' || character > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }
}
