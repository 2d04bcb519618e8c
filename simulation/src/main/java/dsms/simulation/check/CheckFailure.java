package dsms.simulation.check;

/**
 * A checked property does not hold. Thrown at the first divergence, so that the run stops where
 * the trace tail still shows how it came about.
 */
public final class CheckFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Check check;
    private final String detail;

    public CheckFailure(Check check, String detail) {
        super(check + ": " + detail);
        this.check = check;
        this.detail = detail;
    }

    /** Fails with {@code check} when {@code condition} is false, formatting the detail only then. */
    public static void require(boolean condition, Check check, String format, Object... arguments) {
        if (!condition) {
            throw new CheckFailure(check, String.format(java.util.Locale.ROOT, format, arguments));
        }
    }

    public Check check() {
        return check;
    }

    public String detail() {
        return detail;
    }
}
