package dsms.simulation.fault;

import dsms.core.Checks;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import dsms.simulation.network.Link;
import dsms.simulation.network.NetworkFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Draws the fault plan of one run from its profile, within the fault model: every replica fault
 * goes through a {@link FaultBudget}, so that at most f replicas are faulty at any time.
 *
 * <p>Every fault happens within the faulty phase {@code [0, faultPhaseNs)}; at its end everything
 * heals (but crashed replicas stay down and wrong-result replicas stay wrong, unless a planned
 * restart or a replica manager brings them back).
 */
public final class FaultPlanner {
    private static final long MILLISECOND_NS = 1_000_000L;
    /** Tries to place a replica fault this many times before leaving it out (the budget is full). */
    private static final int PLACEMENT_ATTEMPTS_MAX = 8;
    private static final long OUTAGE_NS_MIN = 10 * MILLISECOND_NS;
    /** Longer than the front end's ordering timeout (5 s): some requests fail and clients retry. */
    private static final long OUTAGE_NS_MAX = 6_000 * MILLISECOND_NS;
    /** How long a crashed replica stays down before its planned restart, at most. */
    private static final long DOWNTIME_NS_MAX = 2_000 * MILLISECOND_NS;
    /**
     * How long a restarted replica counts as faulty after it comes back: it replays its log or
     * fetches a checkpoint from f+1 vouchers, and must not lose them to another fault meanwhile.
     */
    public static final long RECOVERY_NS = 3_000 * MILLISECOND_NS;
    /** The most logged entries a corrupt log tail loses: past a checkpoint interval or two. */
    private static final int LOST_LOG_ENTRIES_MAX = 100;

    private final ClusterShape shape;
    private final int clientCount;
    private final int requestsPerClient;
    private final long faultPhaseNs;
    private final SplittableRandom random;
    private final FaultBudget budget;
    private final List<FaultPlan.ScheduledFault> faults = new ArrayList<>();

    private FaultPlanner(ClusterShape shape, int clientCount, int requestsPerClient, long faultPhaseNs, SplittableRandom random) {
        this.shape = shape;
        this.clientCount = clientCount;
        this.requestsPerClient = requestsPerClient;
        this.faultPhaseNs = faultPhaseNs;
        this.random = random;
        this.budget = new FaultBudget(shape.faultsTolerated());
    }

    /**
     * Plans one run.
     *
     * @param clientCount the clients whose request IDs crash points may name
     * @param requestsPerClient the requests each client makes, numbered from 1
     * @param faultPhaseNs how long faults last; everything heals then
     */
    public static FaultPlan plan(
            FaultProfile profile,
            ClusterShape shape,
            int clientCount,
            int requestsPerClient,
            long faultPhaseNs,
            SplittableRandom random) {
        Checks.check(profile.allows(shape.failureMode()), "profile %s allows %s mode", profile, shape.failureMode());
        FaultPlanner planner = new FaultPlanner(shape, clientCount, requestsPerClient, faultPhaseNs, random);
        planner.draw(profile);
        planner.at(faultPhaseNs, new Fault.HealEverything());
        return new FaultPlan(planner.faults, faultPhaseNs);
    }

    private void draw(FaultProfile profile) {
        switch (profile) {
            case CALM -> {}
            case LOSSY_NETWORK -> {
                weather(Weather::lossy, 3);
                linkWeather(Weather::lossy, 2);
            }
            case REORDERING_NETWORK -> {
                weather(Weather::reordering, 3);
                linkWeather(Weather::reordering, 2);
            }
            case CORRUPTING_NETWORK -> weather(Weather::corrupting, 2);
            case PARTITIONS -> {
                weather(Weather::mild, 1);
                partitions(4);
            }
            case CRASHES -> {
                weather(Weather::mild, 1);
                crashes();
            }
            case PAUSES -> {
                weather(Weather::mild, 1);
                pauses(4);
            }
            case WRONG_RESULTS -> {
                weather(Weather::mild, 1);
                wrongResults();
            }
            case RECOVERY -> {
                weather(Weather::mild, 1);
                recoveries(3);
            }
            case CHAOS -> chaos();
            case SCRIPTED -> throw new IllegalArgumentException("a scripted plan is written, not drawn");
        }
    }

    private void chaos() {
        weather(random.nextBoolean() ? Weather::lossy : Weather::reordering, 4);
        linkWeather(Weather::lossy, 1);
        partitions(2);
        pauses(2);
        switch (random.nextInt(4)) {
            case 0 -> crashes();
            case 1 -> {
                if (shape.failureMode() == FailureMode.BYZANTINE) {
                    wrongResults();
                }
            }
            case 2 -> recoveries(1);
            default -> {}
        }
    }

    /** The network's weather from the start, then up to {@code changesMax} changes. */
    private void weather(Function<SplittableRandom, NetworkFaults> draw, int changesMax) {
        at(0, new Fault.ChangeWeather(draw.apply(random)));
        int changes = random.nextInt(changesMax + 1);
        for (int change = 0; change < changes; change++) {
            at(randomTimeNs(0), new Fault.ChangeWeather(draw.apply(random)));
        }
    }

    /** Up to {@code linksMax} links, one direction each, get weather of their own for the whole phase. */
    private void linkWeather(Function<SplittableRandom, NetworkFaults> draw, int linksMax) {
        int links = random.nextInt(linksMax + 1);
        for (int count = 0; count < links; count++) {
            at(randomTimeNs(0), new Fault.ChangeLinkWeather(randomLink(), draw.apply(random)));
        }
    }

    /** Up to {@code episodesMax} partitions, each healed after an outage. */
    private void partitions(int episodesMax) {
        int episodes = 1 + random.nextInt(episodesMax);
        for (int episode = 0; episode < episodes; episode++) {
            long durationNs = outageNs();
            long startNs = randomTimeNs(durationNs);
            switch (random.nextInt(4)) {
                case 0 -> isolateReplica(startNs, durationNs);
                case 1 -> isolate(random.nextBoolean() ? shape.sequencer() : NodeId.frontEnd(0), startNs, durationNs);
                default -> cutOneWay(randomLink(), startNs, durationNs);
            }
        }
    }

    private void isolateReplica(long startNs, long durationNs) {
        int replica = random.nextInt(shape.replicaCount());
        if (budget.admits(replica, startNs, startNs + durationNs)) {
            budget.take(replica, startNs, startNs + durationNs);
            isolate(NodeId.replica(replica), startNs, durationNs);
        }
    }

    private void isolate(NodeId node, long startNs, long durationNs) {
        at(startNs, new Fault.IsolateNode(node));
        at(startNs + durationNs, new Fault.ReconnectNode(node));
    }

    /** A one-way cut is a replica fault when it touches a replica: that replica is cut off in part. */
    private void cutOneWay(Link link, long startNs, long durationNs) {
        NodeId replicaEnd = link.from().role() == NodeId.Role.REPLICA ? link.from() : link.to();
        if (replicaEnd.role() == NodeId.Role.REPLICA) {
            int replica = replicaEnd.index();
            if (!budget.admits(replica, startNs, startNs + durationNs)) {
                return;
            }
            budget.take(replica, startNs, startNs + durationNs);
        }
        at(startNs, new Fault.CutLink(link));
        at(startNs + durationNs, new Fault.HealLink(link));
    }

    /** Between 1 and f replicas crash for good, each at a random time or at a protocol moment. */
    private void crashes() {
        int crashes = 1 + random.nextInt(Math.max(1, shape.faultsTolerated()));
        for (int crash = 0; crash < crashes; crash++) {
            placeForever(startNs -> {
                int replica = random.nextInt(shape.replicaCount());
                return new Placement(replica, startNs, random.nextBoolean()
                        ? new Fault.CrashReplica(replica)
                        : new Fault.ArmCrash(randomCrashPoint(replica)));
            });
        }
    }

    /**
     * Up to {@code episodesMax} crashes, each followed by a restart: from the disk, from a disk
     * whose log lost its tail, or empty. The replica is faulty from its crash until some time
     * after it came back, while it recovers.
     */
    private void recoveries(int episodesMax) {
        int episodes = 1 + random.nextInt(episodesMax);
        for (int episode = 0; episode < episodes; episode++) {
            long downNs = random.nextLong(OUTAGE_NS_MIN, DOWNTIME_NS_MAX + 1);
            long startNs = randomTimeNs(downNs);
            int replica = random.nextInt(shape.replicaCount());
            long restartNs = startNs + downNs;
            if (!budget.admits(replica, startNs, restartNs + RECOVERY_NS)) {
                continue;
            }
            budget.take(replica, startNs, restartNs + RECOVERY_NS);
            at(startNs, random.nextBoolean()
                    ? new Fault.CrashReplica(replica)
                    : new Fault.ArmCrash(randomCrashPoint(replica)));
            switch (random.nextInt(3)) {
                case 0 -> at(restartNs, new Fault.RestartFromDisk(replica));
                case 1 -> {
                    at(restartNs, new Fault.CorruptLogTail(replica, 1 + random.nextInt(LOST_LOG_ENTRIES_MAX)));
                    at(restartNs, new Fault.RestartFromDisk(replica));
                }
                default -> at(restartNs, new Fault.ReplaceEmpty(replica));
            }
        }
    }

    private CrashPoint randomCrashPoint(int replica) {
        RequestId request = new RequestId(
                1 + random.nextInt(clientCount), 1 + random.nextInt(Math.max(1, requestsPerClient)));
        return switch (random.nextInt(3)) {
            case 0 -> new CrashPoint.BeforeDelivering(replica, request);
            case 1 -> new CrashPoint.AfterExecuting(replica, request);
            default -> new CrashPoint.AfterFirstResultChunk(replica, request);
        };
    }

    /** Up to {@code episodesMax} pauses, each of one replica, each resumed within the phase. */
    private void pauses(int episodesMax) {
        int episodes = 1 + random.nextInt(episodesMax);
        for (int episode = 0; episode < episodes; episode++) {
            long durationNs = outageNs();
            long startNs = randomTimeNs(durationNs);
            int replica = random.nextInt(shape.replicaCount());
            if (budget.admits(replica, startNs, startNs + durationNs)) {
                budget.take(replica, startNs, startNs + durationNs);
                at(startNs, new Fault.PauseReplica(replica));
                at(startNs + durationNs, new Fault.ResumeReplica(replica));
            }
        }
    }

    /** One replica returns wrong results from some time in the first half of the phase on. */
    private void wrongResults() {
        Corruption corruption = random.nextBoolean() ? Corruption.EVERY_RESULT : Corruption.SOME_RESULTS;
        placeForever(startNs -> {
            int replica = random.nextInt(shape.replicaCount());
            return new Placement(replica, startNs, new Fault.ReturnWrongResults(replica, corruption));
        });
    }

    private record Placement(int replica, long startNs, Fault fault) {}

    /** Places a fault that lasts to the end of the run, if the budget allows one somewhere. */
    private void placeForever(java.util.function.LongFunction<Placement> draw) {
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS_MAX; attempt++) {
            Placement placement = draw.apply(random.nextLong(faultPhaseNs / 2 + 1));
            if (budget.admits(placement.replica(), placement.startNs(), FaultBudget.FOREVER_NS)) {
                budget.take(placement.replica(), placement.startNs(), FaultBudget.FOREVER_NS);
                at(placement.startNs(), placement.fault());
                return;
            }
        }
    }

    /** A random direction of a random link among the protocol's links. */
    private Link randomLink() {
        NodeId frontEnd = NodeId.frontEnd(0);
        NodeId sequencer = shape.sequencer();
        NodeId replica = NodeId.replica(random.nextInt(shape.replicaCount()));
        return switch (random.nextInt(6)) {
            case 0 -> new Link(frontEnd, sequencer);
            case 1 -> new Link(sequencer, frontEnd);
            case 2 -> new Link(sequencer, replica);
            case 3 -> new Link(replica, sequencer);
            case 4 -> new Link(replica, frontEnd);
            default -> new Link(frontEnd, replica);
        };
    }

    private long outageNs() {
        return random.nextLong(OUTAGE_NS_MIN, OUTAGE_NS_MAX + 1);
    }

    /** A start time such that an outage of {@code durationNs} ends within the phase. */
    private long randomTimeNs(long durationNs) {
        return random.nextLong(Math.max(1, faultPhaseNs - durationNs));
    }

    /** Schedules a fault; one due after the phase (the end of a long pause) happens as the phase ends. */
    private void at(long afterNs, Fault fault) {
        faults.add(new FaultPlan.ScheduledFault(Math.min(afterNs, faultPhaseNs), fault));
    }
}
