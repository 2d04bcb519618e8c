package dsms.protocol.frontend;

import dsms.core.Checks;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.RequestId;
import java.util.ArrayList;
import java.util.List;

/**
 * One client request in progress at the front end: getting it ordered, then collecting every
 * replica's result until all responded or the result timeout passed twice.
 */
final class PendingRequest {
    private final RequestId requestId;
    private final byte[] command;
    private final long submittedNs;
    private final ResultAssembly[] responses;
    private Phase phase = Phase.ORDERING;
    private SequencerWord lastSequencerWord = SequencerWord.NONE;
    private long nextResendNs;
    private long sequence;
    private long orderedNs;
    private long awaitingSinceNs;
    private long askedAgainNs;
    private long collectingSinceNs;
    private int resends;
    private int askedAgainRounds;
    private RequestOutcome outcome;
    private Answer agreed;

    PendingRequest(RequestId requestId, byte[] command, long submittedNs, long nextResendNs, int replicaCount) {
        this.requestId = requestId;
        this.command = command;
        this.submittedNs = submittedNs;
        this.nextResendNs = nextResendNs;
        this.responses = new ResultAssembly[replicaCount];
        for (int replica = 0; replica < replicaCount; replica++) {
            responses[replica] = new ResultAssembly();
        }
    }

    /** Records that the request holds {@code sequence}; the first word on it counts. */
    void markOrdered(long sequence, long nowNs) {
        if (phase == Phase.ORDERING) {
            this.sequence = sequence;
            this.orderedNs = nowNs;
            this.awaitingSinceNs = nowNs;
            this.phase = Phase.AWAITING_RESULTS;
        }
    }

    /**
     * Waits one more result timeout before asking again: every silent replica is behind and still
     * sending results, so it will send this one when it gets there.
     */
    void awaitAgain(long nowNs) {
        Checks.check(phase == Phase.AWAITING_RESULTS, "only a request awaiting results waits again");
        awaitingSinceNs = nowNs;
    }

    /** When the wait for results began: at ordering, or when it was last extended. */
    long awaitingSinceNs() {
        return awaitingSinceNs;
    }

    void markAskedAgain(long nowNs) {
        Checks.check(phase == Phase.AWAITING_RESULTS || phase == Phase.ASKED_AGAIN,
                "a request is asked for again only after ordering");
        askedAgainNs = nowNs;
        askedAgainRounds++;
        phase = Phase.ASKED_AGAIN;
    }

    /**
     * Records when the request took its place at the end of the front end's table of answered
     * requests: its timers there run from no earlier than this moment.
     */
    void markCollectingSince(long nowNs) {
        collectingSinceNs = nowNs;
    }

    long collectingSinceNs() {
        return collectingSinceNs;
    }

    void markAnswered(RequestOutcome outcome, Answer agreed) {
        Checks.check(this.outcome == null, "request %s is answered once", requestId);
        this.outcome = outcome;
        this.agreed = agreed;
    }

    void noteSequencerWord(SequencerWord word) {
        lastSequencerWord = word;
    }

    void scheduleResend(long nowNs, long intervalNs) {
        nextResendNs = nowNs + intervalNs;
        resends++;
    }

    /** How often the request was sent to the sequencer again. */
    int resends() {
        return resends;
    }

    /** How often the silent replicas were asked again for their results. */
    int askedAgainRounds() {
        return askedAgainRounds;
    }

    /** The indexes of the replicas that have not responded completely, ascending. */
    List<Integer> silentReplicas() {
        List<Integer> silent = new ArrayList<>();
        for (int replica = 0; replica < responses.length; replica++) {
            if (!responses[replica].hasResponded()) {
                silent.add(replica);
            }
        }
        return silent;
    }

    boolean anyResponded() {
        for (ResultAssembly response : responses) {
            if (response.hasResponded()) {
                return true;
            }
        }
        return false;
    }

    boolean allResponded() {
        for (ResultAssembly response : responses) {
            if (!response.hasResponded()) {
                return false;
            }
        }
        return true;
    }

    RequestId requestId() {
        return requestId;
    }

    byte[] command() {
        return command;
    }

    long submittedNs() {
        return submittedNs;
    }

    ResultAssembly[] responses() {
        return responses;
    }

    ResultAssembly response(int replica) {
        return responses[replica];
    }

    Phase phase() {
        return phase;
    }

    SequencerWord lastSequencerWord() {
        return lastSequencerWord;
    }

    long nextResendNs() {
        return nextResendNs;
    }

    /** The sequence number the request is known to hold; 0 while ordering. */
    long sequence() {
        return sequence;
    }

    long orderedNs() {
        return orderedNs;
    }

    long askedAgainNs() {
        return askedAgainNs;
    }

    boolean isAnswered() {
        return outcome != null;
    }

    /** The answer the client got; null while unanswered. */
    RequestOutcome outcome() {
        return outcome;
    }

    /** The agreed answer; null unless the request was answered with one. */
    Answer agreed() {
        return agreed;
    }

    enum Phase {
        /** Not known to be ordered: the request goes to the sequencer again and again. */
        ORDERING,
        /** Ordered: results are awaited for one result timeout. */
        AWAITING_RESULTS,
        /** Silent replicas were asked again; one more timeout and they are suspected. */
        ASKED_AGAIN
    }

    /** The sequencer's last answer about this request before it was known to be ordered. */
    enum SequencerWord {
        NONE,
        BUSY
    }
}
