package dsms.core;

/** Snapshot bytes that are not a valid snapshot of the service (truncated, corrupt, wrong kind). */
public final class SnapshotFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String reason) {
        super("invalid snapshot: " + reason);
    }
}
