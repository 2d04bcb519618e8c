package dsms.protocol.frontend;

/** Whether the front end took a request on; only an accepted request ends in a {@code RequestOutcome}. */
public enum SubmitResult {
    /** Sent to the sequencer; its outcome will come through the outbox. */
    ACCEPTED,
    /** Too many requests are waiting for an answer; the client may retry later. */
    REFUSED_FULL,
    /** A request with this ID is still in progress; its outcome will come once. */
    REFUSED_ALREADY_PENDING,
    /** The command is larger than {@code commandBytesMax}. */
    REFUSED_TOO_LARGE
}
