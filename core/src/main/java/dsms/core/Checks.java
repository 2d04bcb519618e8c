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

    /** Like {@link #check(boolean, String)}, formatting the message only on failure. */
    public static void check(boolean condition, String format, Object... arguments) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, arguments));
        }
    }
}
