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

    ReplicaProgress(int replicaCount) {
        this.acknowledgedSequence = new long[replicaCount];
        this.retransmitDueNs = new long[replicaCount];
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

    /** Starts the replica's timer unless it is already running for older entries. */
    void startTimerIfStopped(int replica, long dueNs) {
        if (retransmitDueNs[replica] == NOT_DUE) {
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
