package dsms.node.http;

/**
 * The stable codes of requests the API answers without a market result, each with its HTTP
 * status. Clients and scripts branch on these names, so a name never changes meaning; the market's
 * business codes ({@code NOT_AUTHORIZED}, {@code SHARE_FULL}...) are never among them.
 */
public enum ApiErrorCode {
    /** The body or a header is malformed: not JSON, an unknown, missing or mistyped field. */
    BAD_REQUEST(400),
    /** No API key, a key in the wrong form, or a key this cluster did not issue. */
    NOT_AUTHENTICATED(401),
    /** No endpoint at this path. */
    NOT_FOUND(404),
    /** The path names no market operation. */
    UNKNOWN_OPERATION(404),
    /** The endpoint exists but not for this HTTP method. */
    METHOD_NOT_ALLOWED(405),
    /** The event stream was asked for without {@code Accept: text/event-stream}. */
    NOT_ACCEPTABLE(406),
    /** The body exceeds {@link HttpApi#REQUEST_BODY_BYTES_MAX}. */
    BODY_TOO_LARGE(413),
    /** The front end itself failed; the request may not have reached the cluster. */
    INTERNAL_ERROR(500),
    /** The replicas agreed on bytes that are not a result: a bug shared by every replica. */
    BAD_RESULT(502),
    /** The replicas did not agree on a result: nothing can be trusted; the request may have run. */
    NO_QUORUM(503),
    /**
     * The front end, the sequencer or the event stream is full; nothing was executed, retrying
     * later is safe.
     */
    OVERLOADED(503),
    /** The cluster did not answer in time; the request may have run, retry with its Idempotency-Key. */
    TIMED_OUT(504);

    private final int httpStatus;

    ApiErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
