package dsms.protocol;

import dsms.core.Checks;
import dsms.protocol.message.RequestId;

/**
 * How a front end finished one client request.
 *
 * @param requestId the request
 * @param status what happened
 * @param sequence the sequence number at which the request was executed, for {@link
 *     Status#AGREED}; 0 otherwise
 * @param result the agreed canonical result bytes for {@link Status#AGREED}; empty otherwise
 */
public record RequestOutcome(RequestId requestId, Status status, long sequence, byte[] result) {
    private static final byte[] NO_RESULT = new byte[0];

    public enum Status {
        /**
         * Answered with a trusted result: the first one in crash mode, {@code f+1} identical ones in
         * byzantine mode.
         */
        AGREED,
        /**
         * Results arrived but no {@code f+1} of them agree, or agreement became impossible: a
         * system error, never a guess. The request may have been executed.
         */
        NO_QUORUM,
        /** No usable result arrived in time. The request may have been executed. */
        TIMED_OUT,
        /**
         * The sequencer refused the request as busy until the ordering deadline and nothing showed
         * that it was ordered. Retrying with the same request ID is safe either way.
         */
        OVERLOADED
    }

    public static RequestOutcome agreed(RequestId requestId, long sequence, byte[] result) {
        return new RequestOutcome(requestId, Status.AGREED, sequence, result);
    }

    public static RequestOutcome failed(RequestId requestId, Status status) {
        Checks.check(status != Status.AGREED, "a failed outcome is not AGREED");
        return new RequestOutcome(requestId, status, 0, NO_RESULT);
    }
}
