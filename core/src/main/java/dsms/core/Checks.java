package dsms.core;

/**
 * Always-on checks of invariants.
 *
 * <p>Java's {@code assert} is off by default, so it would hide programmer errors in production.
 * These checks always run and fail loudly. They are for programmer errors only: packet loss,
 * timeouts and bad input from the network are normal flow and never reach a check.
 */
public final class Checks {
    private Checks() {}

    /** Fails with {@link InvariantViolation} when {@code condition} is false. */
    public static void check(boolean condition, String invariant) {
        if (!condition) {
            throw new InvariantViolation(invariant);
        }
    }

    // The fixed-arity overloads below exist so that a passing check allocates nothing: the
    // variable-arity one boxes its numbers into a fresh array on every call, failing or not, and
    // checks on the replicas' and the sequencer's per-operation paths made that a measurable share
    // of their allocation.

    /** Like {@link #check(boolean, String)}, formatting the message with one number only on failure. */
    public static void check(boolean condition, String format, long argument) {
        if (!condition) {
            fail(format, argument);
        }
    }

    /** Like {@link #check(boolean, String)}, formatting the message with two numbers only on failure. */
    public static void check(boolean condition, String format, long first, long second) {
        if (!condition) {
            fail(format, first, second);
        }
    }

    /** Like {@link #check(boolean, String)}, formatting the message with three numbers only on failure. */
    public static void check(boolean condition, String format, long first, long second, long third) {
        if (!condition) {
            fail(format, first, second, third);
        }
    }

    /** Like {@link #check(boolean, String)}, formatting the message with one value only on failure. */
    public static void check(boolean condition, String format, Object argument) {
        if (!condition) {
            fail(format, argument);
        }
    }

    /** Like {@link #check(boolean, String)}, formatting the message only on failure. */
    public static void check(boolean condition, String format, Object... arguments) {
        if (!condition) {
            fail(format, arguments);
        }
    }

    private static void fail(String format, Object... arguments) {
        throw new InvariantViolation(String.format(format, arguments));
    }
}
