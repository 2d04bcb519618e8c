package dsms.node.http;

/**
 * A request the API answers without a market result: a stable {@link ApiErrorCode} and a message
 * that says what to change. Business errors are not ApiErrors: they are market results.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ApiErrorCode code;

    public ApiError(ApiErrorCode code, String message) {
        // No stack trace: these are answers to clients, thrown often and never a bug here.
        super(message, null, false, false);
        this.code = code;
    }

    public ApiErrorCode code() {
        return code;
    }

    public int status() {
        return code.httpStatus();
    }

    public static ApiError badRequest(String message) {
        return new ApiError(ApiErrorCode.BAD_REQUEST, message);
    }

    public static ApiError notAuthenticated(String message) {
        return new ApiError(ApiErrorCode.NOT_AUTHENTICATED, message);
    }

    /** A body over the limit of its endpoint. */
    public static ApiError bodyTooLarge(int bytesMax) {
        return new ApiError(ApiErrorCode.BODY_TOO_LARGE, "request bodies have at most " + bytesMax + " bytes here");
    }

    /** A body over every endpoint's limit, refused before its endpoint was known. */
    public static ApiError bodyTooLarge() {
        return new ApiError(ApiErrorCode.BODY_TOO_LARGE, "request bodies have at most " + HttpApi.REQUEST_BODY_BYTES_MAX
                + " bytes for one operation and at most " + HttpApi.BATCH_BODY_BYTES_MAX + " bytes for a batch");
    }
}
