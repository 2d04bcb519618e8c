package dsms.protocol.message;

/**
 * Front end to every replica manager: how one replica's result compared with the agreed result
 * of one request. Managers count consecutive {@link Verdict#WRONG} verdicts per replica.
 */
public record ResultVerdict(RequestId requestId, long sequence, int replicaIndex, Verdict verdict)
        implements Message {

    public enum Verdict {
        /** The replica's result equals the agreed one. */
        CORRECT,
        /** The replica's result differs from the agreed one. */
        WRONG,
        /** The replica gave no result before the front end stopped waiting. */
        MISSING
    }
}
