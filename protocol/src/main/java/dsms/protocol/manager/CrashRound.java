package dsms.protocol.manager;

import dsms.protocol.message.ProbeReport;
import java.util.Arrays;
import java.util.Optional;

/**
 * The suspect's manager's side of a crash suspicion: it collects every manager's finding (its
 * own included) and decides once a majority of managers (of n) could not reach the replica, or
 * once enough reached it that such a majority is impossible; at the deadline it gives up
 * undecided.
 *
 * <p>At most one round at a time, one vote per manager (the first counts); a new round opens at
 * least {@code suspicionIntervalNsMin} after the last one closed, and not during the cooldown after
 * an action. Findings that arrive when no round can open are stale and ignored.
 */
final class CrashRound {
    private final int replicaCount;
    private final ReplicaManagerConfig config;
    private final ProbeReport.Finding[] votes;
    private boolean open;
    private long deadlineNs;
    private long closedNs;
    private boolean everClosed;
    private long cooldownUntilNs = Long.MIN_VALUE;

    CrashRound(int replicaCount, ReplicaManagerConfig config) {
        this.replicaCount = replicaCount;
        this.config = config;
        this.votes = new ProbeReport.Finding[replicaCount];
    }

    OpenOutcome open(long nowNs) {
        if (open) {
            return OpenOutcome.ALREADY_OPEN;
        }
        if (nowNs < cooldownUntilNs || (everClosed && nowNs - closedNs < config.suspicionIntervalNsMin())) {
            return OpenOutcome.NOT_NOW;
        }
        open = true;
        deadlineNs = nowNs + config.suspicionRoundNs();
        Arrays.fill(votes, null);
        return OpenOutcome.OPENED;
    }

    boolean isOpen() {
        return open;
    }

    /** Counts one manager's finding; decides when the votes so far settle the round. */
    Optional<SuspicionOutcome> vote(int manager, ProbeReport.Finding finding, long nowNs) {
        if (!open || votes[manager] != null) {
            return Optional.empty();
        }
        votes[manager] = finding;
        int majority = replicaCount / 2 + 1;
        if (count(ProbeReport.Finding.UNREACHABLE) >= majority) {
            return Optional.of(close(SuspicionOutcome.CONFIRMED_CRASH, nowNs));
        }
        if (count(ProbeReport.Finding.REACHABLE) > replicaCount - majority) {
            return Optional.of(close(SuspicionOutcome.ALIVE, nowNs));
        }
        return Optional.empty();
    }

    /** Ends an open round whose deadline passed. */
    Optional<SuspicionOutcome> expire(long nowNs) {
        return open && nowNs >= deadlineNs ? Optional.of(close(SuspicionOutcome.UNDECIDED, nowNs)) : Optional.empty();
    }

    /** No round opens before {@code untilNs}: the replica was just restarted or replaced. */
    void coolDown(long untilNs) {
        cooldownUntilNs = Math.max(cooldownUntilNs, untilNs);
        open = false;
    }

    private int count(ProbeReport.Finding finding) {
        int count = 0;
        for (ProbeReport.Finding vote : votes) {
            if (vote == finding) {
                count++;
            }
        }
        return count;
    }

    private SuspicionOutcome close(SuspicionOutcome outcome, long nowNs) {
        open = false;
        everClosed = true;
        closedNs = nowNs;
        return outcome;
    }

    enum OpenOutcome {
        OPENED,
        ALREADY_OPEN,
        /** Too soon after the last round, or during the cooldown after an action. */
        NOT_NOW
    }
}
