package dsms.protocol.frontend;

import java.util.Arrays;

/**
 * What the front end knows of each replica's stream of results: the highest sequence number it
 * sent a complete result for, and when its latest complete result arrived.
 *
 * <p>Replicas execute in sequence order, so a replica silent on a request whose number it has not
 * reached, while its results for earlier requests keep coming, is behind, not crashed and not
 * missing a datagram: asking it again only adds to its backlog (under load, that flood of
 * questions was what kept a slow replica behind), and suspecting it would be false.
 */
final class ResultFlow {
    private static final long NEVER = Long.MIN_VALUE;

    private final long[] sequenceHighest;
    private final long[] lastResultNs;

    ResultFlow(int replicaCount) {
        this.sequenceHighest = new long[replicaCount];
        this.lastResultNs = new long[replicaCount];
        Arrays.fill(lastResultNs, NEVER);
    }

    /** Records a complete result of {@code replica} for the request at {@code sequence}. */
    void onResult(int replica, long sequence, long nowNs) {
        sequenceHighest[replica] = Math.max(sequenceHighest[replica], sequence);
        lastResultNs[replica] = nowNs;
    }

    /**
     * Whether the replica has not reached {@code sequence} yet and sent a result within the last
     * {@code withinNs}. A request whose number is unknown (0) never counts as not reached.
     */
    boolean isBehindButSending(int replica, long sequence, long nowNs, long withinNs) {
        return sequence > sequenceHighest[replica]
                && lastResultNs[replica] != NEVER
                && nowNs - lastResultNs[replica] < withinNs;
    }

    /**
     * Whether a replica that sent a result within the last {@code withinNs} has results only for
     * sequence numbers more than {@code lagEntriesMax} below {@code orderedSequence}. A replica
     * that stopped sending (crashed, or taking state from its peers) does not count.
     */
    boolean anySendingReplicaBehind(long orderedSequence, long lagEntriesMax, long nowNs, long withinNs) {
        for (int replica = 0; replica < sequenceHighest.length; replica++) {
            boolean sending = lastResultNs[replica] != NEVER && nowNs - lastResultNs[replica] < withinNs;
            if (sending && orderedSequence - sequenceHighest[replica] > lagEntriesMax) {
                return true;
            }
        }
        return false;
    }
}
