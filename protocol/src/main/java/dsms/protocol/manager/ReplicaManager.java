package dsms.protocol.manager;

import dsms.core.Checks;
import dsms.protocol.ClusterShape;
import dsms.protocol.ManagerAction;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RoleClock;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ProbeReply;
import dsms.protocol.message.ProbeReport;
import dsms.protocol.message.ResultVerdict;
import java.util.Optional;

/**
 * A replica manager: supervises the replica with its own index, confirms suspected crashes with
 * the other managers, counts wrong results, and decides when the replica is restarted or replaced.
 * The decisions are {@link ManagerAction} effects that the driver carries out.
 *
 * <p>Its job:
 *
 * <ul>
 *   <li>A {@code CrashSuspicion} from the front end (sent to every manager) makes every manager
 *       probe the suspect for {@code probeTimeoutNs} and report what it found ({@code ProbeReport})
 *       to the suspect's manager. The suspect's manager opens a round, probes too, and decides
 *       {@link ManagerAction.Kind#RESTART} only when a majority of the n managers could not reach
 *       the replica; a replica that answers probes, however slow its results, is {@link
 *       SuspicionOutcome#ALIVE}. A round that reaches neither by {@code suspicionRoundNs} ends
 *       {@link SuspicionOutcome#UNDECIDED}.
 *   <li>In byzantine mode the front end sends a {@code ResultVerdict} per replica per request;
 *       this manager counts its replica's consecutive wrong results ({@link WrongResultStreak}) and
 *       decides {@link ManagerAction.Kind#REPLACE} at {@code wrongResultsBeforeReplace}, once per
 *       streak; verdicts about the replaced replica's results are ignored.
 *   <li>It probes its own replica every {@code healthProbeIntervalNs} (faster while it waits for a
 *       replaced replica to go live) and reports what it sees ({@link #observedStatus}). When its
 *       replica stops answering, it raises the crash suspicion itself and sends it to the other
 *       managers, as the front end would: the front end only suspects replicas while clients send
 *       requests, and a replica that dies in a quiet moment must be restarted all the same.
 * </ul>
 *
 * <p>Bounds and rates: one probing session per suspect, at most once per {@code
 * suspicionIntervalNsMin}; one round at a time, one vote per manager; after its first tick and
 * after each action, no round for {@code actionCooldownNs}, so that a replica that is starting up
 * is not killed for being slow to answer. Every message it handles produces a bounded number of
 * effects.
 */
public final class ReplicaManager implements ProtocolRole {
    private final NodeId id;
    private final NodeId replica;
    private final ClusterShape shape;
    private final ReplicaManagerConfig config;
    private final Probing probing;
    private final CrashRound round;
    private final WrongResultStreak streak;
    private final ReplicaWatch watch;
    private final RoleClock clock = new RoleClock();
    private long lastNonce;
    private SuspicionOutcome lastRoundOutcome;

    private long restarts;
    private long replacements;
    private long roundsConfirmedCrash;
    private long roundsAlive;
    private long roundsUndecided;
    private long reportsSent;
    private long suspicionsRaised;
    private long findingsIgnored;
    private long wrongResultsCounted;
    private long verdictsStale;
    private long messagesIgnored;

    /** The manager of the replica with the same index as {@code id}. */
    public ReplicaManager(NodeId id, ClusterShape shape, ReplicaManagerConfig config) {
        Checks.check(
                id.role() == NodeId.Role.REPLICA_MANAGER && id.index() < shape.replicaCount(),
                "%s is a replica manager of a cluster of %d",
                id,
                shape.replicaCount());
        this.id = id;
        this.replica = NodeId.replica(id.index());
        this.shape = shape;
        this.config = config;
        this.probing = new Probing(shape.replicaCount(), config);
        this.round = new CrashRound(shape.replicaCount(), config);
        this.streak = new WrongResultStreak(config.wrongResultsBeforeReplace());
        this.watch = new ReplicaWatch(replica, config);
    }

    @Override
    public NodeId id() {
        return id;
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        boolean fromFrontEnd = from.role() == NodeId.Role.FRONT_END;
        if (message instanceof CrashSuspicion suspicion
                && (fromFrontEnd || isManager(from))
                && isReplicaIndex(suspicion.replicaIndex())) {
            onCrashSuspicion(suspicion.replicaIndex(), outbox);
        } else if (message instanceof ResultVerdict verdict && fromFrontEnd) {
            onVerdict(verdict, outbox);
        } else if (message instanceof ProbeReply reply && shape.isReplica(from)) {
            onProbeReply(from.index(), reply, outbox);
        } else if (message instanceof ProbeReport report && isManager(from) && report.replicaIndex() == id.index()) {
            onFinding(from.index(), report.finding(), outbox);
        } else {
            messagesIgnored++;
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        if (clock.advance(nowNs) == RoleClock.Advance.FIRST_TICK) {
            // The manager starts with its replica: give it the time a restarted one gets to come up
            // (start its process, restore its checkpoint, replay its log) before judging it crashed.
            round.coolDown(nowNs + config.actionCooldownNs());
        }
        probing.sendDueProbes(nowNs, outbox);
        for (int suspect : probing.expire(nowNs)) {
            report(suspect, ProbeReport.Finding.UNREACHABLE, outbox);
        }
        round.expire(nowNs).ifPresent(outcome -> decide(outcome, outbox));
        if (watch.expireWatch(nowNs)) {
            // The new replica never reported that it is live; judge its results from here on.
            streak.liftFence(watch.observedDeliveredSequence());
        }
        if (watch.probeIfDue(nowNs, lastNonce + 1, outbox) == ReplicaWatch.SendOutcome.SENT) {
            lastNonce++;
        }
        if (watch.observed(nowNs) == ObservedStatus.DOWN && !round.isOpen()) {
            suspectOwnReplica(outbox);
        }
    }

    /**
     * Its replica stopped answering health probes: this manager raises the suspicion itself, so
     * that a replica that dies while no client request is under way is restarted all the same. The
     * other managers get the same {@code CrashSuspicion} the front end sends, and probe. The round
     * rules bound how often this happens.
     */
    private void suspectOwnReplica(Outbox outbox) {
        if (openRound() != CrashRound.OpenOutcome.OPENED) {
            return;
        }
        suspicionsRaised++;
        CrashSuspicion suspicion = new CrashSuspicion(id.index(), watch.observedDeliveredSequence());
        for (NodeId manager : shape.replicaManagers()) {
            if (!manager.equals(id)) {
                outbox.send(manager, suspicion);
            }
        }
        probing.sendDueProbes(clock.nowNs(), outbox);
    }

    private void onCrashSuspicion(int suspect, Outbox outbox) {
        startProbing(suspect);
        if (suspect == id.index()) {
            openRound();
        }
        // The first probe leaves now rather than at the next tick: the suspect's round has begun.
        probing.sendDueProbes(clock.nowNs(), outbox);
    }

    private void startProbing(int suspect) {
        if (probing.start(suspect, lastNonce + 1, clock.nowNs()) == Probing.StartOutcome.STARTED) {
            lastNonce++;
        }
    }

    /** Opens a round about this manager's replica, with this manager's own probing. */
    private CrashRound.OpenOutcome openRound() {
        CrashRound.OpenOutcome opened = round.open(clock.nowNs());
        if (opened == CrashRound.OpenOutcome.OPENED) {
            startProbing(id.index());
        }
        return opened;
    }

    private void onProbeReply(int from, ProbeReply reply, Outbox outbox) {
        if (probing.onReply(from, reply.nonce()) == Probing.ReplyOutcome.REACHABLE) {
            report(from, ProbeReport.Finding.REACHABLE, outbox);
        }
        if (from == id.index()
                && watch.onReply(reply, lastNonce, clock.nowNs()) == ReplicaWatch.WatchOutcome.NEW_REPLICA_LIVE) {
            streak.liftFence(reply.deliveredSequence());
        }
    }

    /** Tells the suspect's manager what probing found; this manager's own replica's finding stays here. */
    private void report(int suspect, ProbeReport.Finding finding, Outbox outbox) {
        if (suspect == id.index()) {
            onFinding(id.index(), finding, outbox);
        } else {
            outbox.send(NodeId.replicaManager(suspect), new ProbeReport(suspect, finding));
            reportsSent++;
        }
    }

    /** Counts one manager's finding about this manager's replica, opening a round if none is. */
    private void onFinding(int manager, ProbeReport.Finding finding, Outbox outbox) {
        if (!round.isOpen() && openRound() == CrashRound.OpenOutcome.NOT_NOW) {
            findingsIgnored++;
            return;
        }
        round.vote(manager, finding, clock.nowNs()).ifPresent(outcome -> decide(outcome, outbox));
    }

    private void decide(SuspicionOutcome outcome, Outbox outbox) {
        lastRoundOutcome = outcome;
        switch (outcome) {
            case CONFIRMED_CRASH -> {
                roundsConfirmedCrash++;
                restarts++;
                round.coolDown(clock.nowNs() + config.actionCooldownNs());
                outbox.act(new ManagerAction(replica, ManagerAction.Kind.RESTART));
            }
            case ALIVE -> roundsAlive++;
            case UNDECIDED -> roundsUndecided++;
        }
    }

    private void onVerdict(ResultVerdict verdict, Outbox outbox) {
        if (verdict.replicaIndex() != id.index()) {
            return; // every manager hears every verdict; the others' replicas are their business
        }
        switch (streak.onVerdict(verdict.sequence(), verdict.verdict())) {
            case COUNTED -> {
                if (verdict.verdict() == ResultVerdict.Verdict.WRONG) {
                    wrongResultsCounted++;
                }
            }
            case NEUTRAL -> {}
            case STALE -> verdictsStale++;
            case REPLACE -> replace(outbox);
        }
    }

    private void replace(Outbox outbox) {
        wrongResultsCounted++;
        replacements++;
        round.coolDown(clock.nowNs() + config.actionCooldownNs());
        watch.watchReplacement(clock.nowNs(), lastNonce + 1);
        outbox.act(new ManagerAction(replica, ManagerAction.Kind.REPLACE));
    }

    /**
     * The driver started a new process of the replica: after an exit of its own (a crash, a kill
     * -9, a failed disk write) or after carrying out this manager's restart or replacement. The new
     * process gets its start-up grace from now: while its JVM starts and it restores or fetches its
     * state it cannot answer probes, and a suspicion round about the process that is gone (the
     * front end's missing results raise one at once) must not condemn the new one. Counting from
     * the decision instead would let the grace run out before the new process even started when
     * carrying out the action takes long. Any open round ends without a verdict, since its
     * findings are about a process that is gone.
     */
    public void replicaProcessStarted() {
        if (!clock.hasTicked()) {
            return; // the first tick begins the start-up grace by itself
        }
        round.coolDown(clock.nowNs() + config.actionCooldownNs());
    }

    private boolean isReplicaIndex(int index) {
        return index >= 0 && index < shape.replicaCount();
    }

    private boolean isManager(NodeId node) {
        return node.role() == NodeId.Role.REPLICA_MANAGER && node.index() < shape.replicaCount();
    }

    /** The replica this manager supervises. */
    public NodeId replica() {
        return replica;
    }

    /** Restarts decided so far, for {@code dsms status}. */
    public long restarts() {
        return restarts;
    }

    /** Replacements decided so far, for {@code dsms status}. */
    public long replacements() {
        return replacements;
    }

    /** How the latest suspicion round about this manager's replica ended, if one did. */
    public Optional<SuspicionOutcome> lastRoundOutcome() {
        return Optional.ofNullable(lastRoundOutcome);
    }

    /** The replica's status as its latest probe replies show it. */
    public ObservedStatus observedStatus() {
        return watch.observed(clock.nowNs());
    }

    /** The replica's last delivered sequence number in its latest probe reply; 0 before any. */
    public long observedDeliveredSequence() {
        return watch.observedDeliveredSequence();
    }

    /**
     * Whether the manager replaced its replica and ignores every verdict until the new replica
     * reports that it is live (or the watch times out).
     */
    public boolean isAwaitingReplacedReplica() {
        return streak.isFenced();
    }

    /** Consecutive wrong results counted towards the next replacement. */
    public int wrongResultStreak() {
        return streak.streakLength();
    }

    public ReplicaManagerStats stats() {
        return new ReplicaManagerStats(
                restarts,
                replacements,
                roundsConfirmedCrash,
                roundsAlive,
                roundsUndecided,
                probing.probesSent() + watch.probesSent(),
                reportsSent,
                suspicionsRaised,
                findingsIgnored,
                wrongResultsCounted,
                verdictsStale,
                messagesIgnored);
    }
}
