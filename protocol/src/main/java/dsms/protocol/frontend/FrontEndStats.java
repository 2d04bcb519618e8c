package dsms.protocol.frontend;

/**
 * Counters of what a front end did, for metrics and simulator checks.
 *
 * @param requestsAccepted submits accepted
 * @param requestsRefused submits refused (full, already pending or too large)
 * @param answeredAgreed outcomes {@code AGREED}
 * @param answeredNoQuorum outcomes {@code NO_QUORUM}
 * @param answeredTimedOut outcomes {@code TIMED_OUT}
 * @param answeredOverloaded outcomes {@code OVERLOADED}
 * @param clientRequestsResent requests sent to the sequencer again
 * @param resultRequestsSent results asked for again, per replica
 * @param crashSuspicionsSent crash suspicions, counted per suspected replica (each goes to every
 *     manager)
 * @param verdictsSent result verdicts, counted per judged replica (each goes to every manager)
 * @param collectionsCutShort answered requests that stopped collecting results early to make room
 * @param invalidResults responses that contradicted themselves or exceeded the bounds
 * @param messagesIgnored messages not for a front end, from an unknown node, or about requests no
 *     longer in progress
 */
public record FrontEndStats(
        long requestsAccepted,
        long requestsRefused,
        long answeredAgreed,
        long answeredNoQuorum,
        long answeredTimedOut,
        long answeredOverloaded,
        long clientRequestsResent,
        long resultRequestsSent,
        long crashSuspicionsSent,
        long verdictsSent,
        long collectionsCutShort,
        long invalidResults,
        long messagesIgnored) {}
