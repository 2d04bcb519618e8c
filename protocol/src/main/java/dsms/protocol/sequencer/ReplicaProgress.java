package dsms.protocol.sequencer;

import dsms.core.Checks;
import java.util.Arrays;

/**
 * What the sequencer knows of each replica: the highest sequence number it acknowledged
 * cumulatively, and when its unacknowledged entries are due to be sent again.
 */
final class ReplicaProgress {
    /** The retransmission deadline of a replica that has acknowledged everything sent. */
    private static final long NOT_DUE = Long.MAX_VALUE;

    private final long[] acknowledgedSequence;
    private final long[] retransmitDueNs;
    private final int[] attemptsWithoutProgress;

    ReplicaProgress(int replicaCount) {
        this.acknowledgedSequence = new long[replicaCount];
        this.retransmitDueNs = new long[replicaCount];
        this.attemptsWithoutProgress = new int[replicaCount];
        Arrays.fill(retransmitDueNs, NOT_DUE);
    }

    int replicaCount() {
        return acknowledgedSequence.length;
    }

    long acknowledged(int replica) {
        return acknowledgedSequence[replica];
    }

    /** Records a cumulative acknowledgement; tells whether it moved the replica forward. */
    AckOutcome acknowledge(int replica, long sequence) {
        if (sequence <= acknowledgedSequence[replica]) {
            return AckOutcome.NOT_NEWER;
        }
        acknowledgedSequence[replica] = sequence;
        attemptsWithoutProgress[replica] = 0;
        return AckOutcome.ADVANCED;
    }

    long lowestAcknowledged() {
        long lowest = Long.MAX_VALUE;
        for (long sequence : acknowledgedSequence) {
            lowest = Math.min(lowest, sequence);
        }
        return lowest;
    }

    /** How many replicas acknowledged {@code sequence} or later. */
    int countHolding(long sequence) {
        int holding = 0;
        for (long acknowledged : acknowledgedSequence) {
            if (acknowledged >= sequence) {
                holding++;
            }
        }
        return holding;
    }

    /** Counts one more retransmission to the replica since its last progress. */
    int countAttempt(int replica) {
        return ++attemptsWithoutProgress[replica];
    }

    /**
     * Starts the replica's timer unless it is already running for older entries, or the replica
     * gave up answering: then it has to ask for what it lacks.
     */
    void startTimerIfStopped(int replica, long dueNs, int attemptsMax) {
        if (retransmitDueNs[replica] == NOT_DUE && attemptsWithoutProgress[replica] < attemptsMax) {
            retransmitDueNs[replica] = dueNs;
        }
    }

    void restartTimer(int replica, long dueNs) {
        Checks.check(dueNs != NOT_DUE, "a running timer has a real deadline");
        retransmitDueNs[replica] = dueNs;
    }

    void stopTimer(int replica) {
        retransmitDueNs[replica] = NOT_DUE;
    }

    boolean isDue(int replica, long nowNs) {
        return nowNs >= retransmitDueNs[replica];
    }

    enum AckOutcome {
        ADVANCED,
        NOT_NEWER
    }
}
