package dsms.node.http;

/**
 * A request the API refuses before it reaches the market: an HTTP status, a stable code and a
 * message that says what to change. Business errors are not ApiErrors: they are market results.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "BAD_REQUEST", message);
    }

    public static ApiError notAuthenticated(String message) {
        return new ApiError(401, "NOT_AUTHENTICATED", message);
    }
}
