package dsms.protocol.manager;

import dsms.protocol.Outbox;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.Probe;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ReplicaStatus;

/**
 * A manager's periodic probes of its own replica: they keep its observed status fresh for status
 * reports, and after a replacement they tell when the new replica is live, from which sequence
 * number on its results can be judged.
 *
 * <p>Only replies to probes sent after the replacement decision count for the watch: the driver
 * carries out a decision before the manager's next tick, so such a probe can only reach the new
 * replica, never the one being replaced. The watch ends when the new replica reports {@link
 * ReplicaStatus#LIVE} or after {@code replacementWatchNsMax}, whichever comes first.
 */
final class ReplicaWatch {
    /** Probe intervals without a reply after which the replica is observed down. */
    private static final int SILENT_INTERVALS_BEFORE_DOWN = 3;

    private final NodeId replica;
    private final ReplicaManagerConfig config;
    private long nextProbeNs = Long.MIN_VALUE;
    private ProbeReply latestReply;
    private long latestReplyNs;
    private long firstProbeNs;
    private boolean watching;
    private long watchFirstNonce;
    private long watchDeadlineNs;
    private long probesSent;

    ReplicaWatch(NodeId replica, ReplicaManagerConfig config) {
        this.replica = replica;
        this.config = config;
    }

    /** Probes the replica when due, with {@code nonce} (the manager's next one) if it sends. */
    SendOutcome probeIfDue(long nowNs, long nonce, Outbox outbox) {
        if (nowNs < nextProbeNs) {
            return SendOutcome.NOT_DUE;
        }
        outbox.send(replica, new Probe(nonce));
        if (probesSent == 0) {
            firstProbeNs = nowNs;
        }
        probesSent++;
        nextProbeNs = nowNs + (watching ? config.watchProbeIntervalNs() : config.healthProbeIntervalNs());
        return SendOutcome.SENT;
    }

    /** Watches for the replacement of the replica; probes sent from now on carry {@code firstNonce} or later. */
    void watchReplacement(long nowNs, long firstNonce) {
        watching = true;
        watchFirstNonce = firstNonce;
        watchDeadlineNs = nowNs + config.replacementWatchNsMax();
        nextProbeNs = nowNs + config.watchProbeIntervalNs();
    }

    /**
     * Takes a reply from the replica to any of the manager's probes (nonces 1 to {@code
     * nonceIssuedMax}); tells whether it shows the watched new replica live.
     */
    WatchOutcome onReply(ProbeReply reply, long nonceIssuedMax, long nowNs) {
        if (reply.nonce() < 1 || reply.nonce() > nonceIssuedMax) {
            return WatchOutcome.NOT_OURS;
        }
        latestReply = reply;
        latestReplyNs = nowNs;
        if (watching && reply.nonce() >= watchFirstNonce && reply.status() == ReplicaStatus.LIVE) {
            watching = false;
            return WatchOutcome.NEW_REPLICA_LIVE;
        }
        return WatchOutcome.NOTED;
    }

    /** Ends a watch whose time ran out; tells whether it did. */
    boolean expireWatch(long nowNs) {
        if (watching && nowNs >= watchDeadlineNs) {
            watching = false;
            return true;
        }
        return false;
    }

    /**
     * The replica's status from its latest reply; {@link ObservedStatus#DOWN} once it left several
     * probe intervals unanswered, whether it answered before or never did.
     */
    ObservedStatus observed(long nowNs) {
        long silenceNsMax = SILENT_INTERVALS_BEFORE_DOWN * config.healthProbeIntervalNs();
        long silentSinceNs = latestReply == null ? firstProbeNs : latestReplyNs;
        if (probesSent > 0 && nowNs - silentSinceNs > silenceNsMax) {
            return ObservedStatus.DOWN;
        }
        if (latestReply == null) {
            return ObservedStatus.UNKNOWN;
        }
        return latestReply.status() == ReplicaStatus.LIVE ? ObservedStatus.UP : ObservedStatus.RECOVERING;
    }

    /** The latest reply's delivered sequence number; 0 before any reply. */
    long observedDeliveredSequence() {
        return latestReply == null ? 0 : latestReply.deliveredSequence();
    }

    boolean isWatching() {
        return watching;
    }

    long probesSent() {
        return probesSent;
    }

    enum SendOutcome {
        SENT,
        NOT_DUE
    }

    enum WatchOutcome {
        /** The nonce is not one the manager sent. */
        NOT_OURS,
        NOTED,
        /** The new replica reported that it is live: verdicts can be counted again. */
        NEW_REPLICA_LIVE
    }
}
