package dsms.protocol.frontend;

import dsms.protocol.RequestOutcome;

/** The front end's running counters; {@link #snapshot()} gives them as an immutable record. */
final class FrontEndCounters {
    long requestsAccepted;
    long requestsRefused;
    long answeredAgreed;
    long answeredNoQuorum;
    long answeredTimedOut;
    long answeredOverloaded;
    long clientRequestsResent;
    long resultRequestsSent;
    long crashSuspicionsSent;
    long verdictsSent;
    long collectionsCutShort;
    long invalidResults;
    long messagesIgnored;

    void countOutcome(RequestOutcome.Status status) {
        switch (status) {
            case AGREED -> answeredAgreed++;
            case NO_QUORUM -> answeredNoQuorum++;
            case TIMED_OUT -> answeredTimedOut++;
            case OVERLOADED -> answeredOverloaded++;
        }
    }

    FrontEndStats snapshot() {
        return new FrontEndStats(
                requestsAccepted,
                requestsRefused,
                answeredAgreed,
                answeredNoQuorum,
                answeredTimedOut,
                answeredOverloaded,
                clientRequestsResent,
                resultRequestsSent,
                crashSuspicionsSent,
                verdictsSent,
                collectionsCutShort,
                invalidResults,
                messagesIgnored);
    }
}
