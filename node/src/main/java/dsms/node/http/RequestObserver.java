package dsms.node.http;

/** Told about every operation request the API finished, for metrics and the dashboard. */
@FunctionalInterface
public interface RequestObserver {
    /** An operation name the API does not know is reported as this, so clients cannot mint tag values. */
    String UNKNOWN_OPERATION = "unknown";

    /**
     * @param operation a name from {@link Operations#ALL}, or {@link #UNKNOWN_OPERATION}
     * @param code the answer's code: {@code OK}, a business code or an {@link ApiErrorCode}
     * @param latencyNs from the request's arrival to its answer
     */
    void finished(String operation, String code, long latencyNs);

    /**
     * {@code count} operations of one batch finished alike: the same as that many calls of {@link
     * #finished(String, String, long)}, which an observer may record at once.
     */
    default void finished(String operation, String code, long latencyNs, int count) {
        for (int done = 0; done < count; done++) {
            finished(operation, code, latencyNs);
        }
    }
}
