package dsms.protocol.manager;

import dsms.protocol.Outbox;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.Probe;
import java.util.ArrayList;
import java.util.List;

/**
 * A manager's probing sessions after crash suspicions, at most one per suspect at a time.
 *
 * <p>A session sends up to {@code probesPerSuspicionMax} probes, spread evenly over {@code
 * probeTimeoutNs}, all with one nonce; any reply with that nonce makes the suspect reachable, and
 * no reply by the timeout unreachable. A suspect gets a new session at most once per {@code
 * suspicionIntervalNsMin}. Bounded by one session per replica.
 */
final class Probing {
    private final ReplicaManagerConfig config;
    private final Session[] sessions;
    private final long[] lastStartNs;
    private final boolean[] everStarted;
    private long probesSent;

    Probing(int replicaCount, ReplicaManagerConfig config) {
        this.config = config;
        this.sessions = new Session[replicaCount];
        this.lastStartNs = new long[replicaCount];
        this.everStarted = new boolean[replicaCount];
    }

    /** Starts probing {@code suspect} with {@code nonce}, unless it is probed already or was just now. */
    StartOutcome start(int suspect, long nonce, long nowNs) {
        if (sessions[suspect] != null) {
            return StartOutcome.ALREADY_PROBING;
        }
        if (everStarted[suspect] && nowNs - lastStartNs[suspect] < config.suspicionIntervalNsMin()) {
            return StartOutcome.TOO_SOON;
        }
        everStarted[suspect] = true;
        lastStartNs[suspect] = nowNs;
        sessions[suspect] = new Session(nonce, nowNs + config.probeTimeoutNs(), nowNs);
        return StartOutcome.STARTED;
    }

    boolean isProbing(int suspect) {
        return sessions[suspect] != null;
    }

    /** Ends the session a reply answers, if any: the suspect is reachable. */
    ReplyOutcome onReply(int replica, long nonce) {
        Session session = sessions[replica];
        if (session == null || session.nonce != nonce) {
            return ReplyOutcome.NOT_AWAITED;
        }
        sessions[replica] = null;
        return ReplyOutcome.REACHABLE;
    }

    /** Sends the probes that are due. */
    void sendDueProbes(long nowNs, Outbox outbox) {
        long spacingNs = Math.max(1, config.probeTimeoutNs() / config.probesPerSuspicionMax());
        for (int suspect = 0; suspect < sessions.length; suspect++) {
            Session session = sessions[suspect];
            if (session != null && session.probesSent < config.probesPerSuspicionMax() && nowNs >= session.nextProbeNs) {
                outbox.send(NodeId.replica(suspect), new Probe(session.nonce));
                session.probesSent++;
                session.nextProbeNs = nowNs + spacingNs;
                probesSent++;
            }
        }
    }

    /** Ends the sessions whose timeout passed without a reply, and returns their suspects. */
    List<Integer> expire(long nowNs) {
        List<Integer> unreachable = new ArrayList<>(0);
        for (int suspect = 0; suspect < sessions.length; suspect++) {
            if (sessions[suspect] != null && nowNs >= sessions[suspect].deadlineNs) {
                sessions[suspect] = null;
                unreachable.add(suspect);
            }
        }
        return unreachable;
    }

    long probesSent() {
        return probesSent;
    }

    private static final class Session {
        final long nonce;
        final long deadlineNs;
        long nextProbeNs;
        int probesSent;

        Session(long nonce, long deadlineNs, long nextProbeNs) {
            this.nonce = nonce;
            this.deadlineNs = deadlineNs;
            this.nextProbeNs = nextProbeNs;
        }
    }

    enum StartOutcome {
        STARTED,
        ALREADY_PROBING,
        TOO_SOON
    }

    enum ReplyOutcome {
        REACHABLE,
        /** No session waits for this nonce: a late reply, or a reply to a health probe. */
        NOT_AWAITED
    }
}
