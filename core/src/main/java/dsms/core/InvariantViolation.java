package dsms.core;

/** A broken invariant: a programmer error that must fail loudly, never be swallowed. */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvariantViolation(String invariant) {
        super("invariant violated: " + invariant);
    }
}
