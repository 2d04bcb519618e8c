package dsms.simulation.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.message.NodeId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Fault plans stay within the fault model, checked by replaying each plan independently of the
 * planner's budget: at no instant are more than f replicas crashed, paused, cut off or wrong.
 */
class FaultPlannerTest {
    private static final long PHASE_NS = 5_000_000_000L;
    private static final List<ClusterShape> SHAPES = List.of(
            new ClusterShape(3, FailureMode.CRASH),
            new ClusterShape(3, FailureMode.BYZANTINE),
            new ClusterShape(4, FailureMode.CRASH),
            new ClusterShape(4, FailureMode.BYZANTINE),
            new ClusterShape(5, FailureMode.BYZANTINE));

    @Test
    void shouldNeverPlanMoreFaultyReplicasAtOnceThanTolerated() {
        int plansWithReplicaFaults = 0;
        for (ClusterShape shape : SHAPES) {
            for (FaultProfile profile : drawable(shape)) {
                for (long seed = 1; seed <= 200; seed++) {
                    FaultPlan plan = FaultPlanner.plan(profile, shape, 4, 20, PHASE_NS, new SplittableRandom(seed));
                    int mostFaulty = mostFaultyReplicasAtOnce(plan);
                    assertThat(mostFaulty).as("%s, %s, seed %d:\n%s", shape, profile, seed, plan.describe())
                            .isLessThanOrEqualTo(shape.faultsTolerated());
                    plansWithReplicaFaults += mostFaulty > 0 ? 1 : 0;
                }
            }
        }
        assertThat(plansWithReplicaFaults).as("plans that harm replicas at all").isGreaterThan(1_000);
    }

    @Test
    void shouldPlanTheSameFaultsFromTheSameSeedAndEndByHealing() {
        ClusterShape shape = new ClusterShape(3, FailureMode.BYZANTINE);
        FaultPlan first = FaultPlanner.plan(FaultProfile.CHAOS, shape, 3, 10, PHASE_NS, new SplittableRandom(8));
        FaultPlan second = FaultPlanner.plan(FaultProfile.CHAOS, shape, 3, 10, PHASE_NS, new SplittableRandom(8));

        assertThat(second.describe()).isEqualTo(first.describe());
        assertThat(first.faults().get(first.faults().size() - 1).fault()).isInstanceOf(Fault.HealEverything.class);
        assertThat(first.faults()).allSatisfy(scheduled -> assertThat(scheduled.afterNs()).isBetween(0L, PHASE_NS));
    }

    @Test
    void shouldPlanWrongResultsOnlyInByzantineMode() {
        for (long seed = 1; seed <= 100; seed++) {
            FaultPlan plan = FaultPlanner.plan(
                    FaultProfile.CHAOS, new ClusterShape(3, FailureMode.CRASH), 3, 10, PHASE_NS, new SplittableRandom(seed));
            assertThat(plan.faults()).noneMatch(scheduled -> scheduled.fault() instanceof Fault.ReturnWrongResults);
        }
    }

    private static List<FaultProfile> drawable(ClusterShape shape) {
        return Arrays.stream(FaultProfile.values())
                .filter(FaultProfile::isDrawable)
                .filter(profile -> profile.allows(shape.failureMode()))
                .toList();
    }

    /** Replays the plan; after all faults of each instant, counts the replicas that are faulty. */
    private static int mostFaultyReplicasAtOnce(FaultPlan plan) {
        Set<Integer> forever = new TreeSet<>();
        Set<Integer> paused = new TreeSet<>();
        Set<Integer> isolated = new TreeSet<>();
        Map<Integer, Integer> cutLinks = new HashMap<>();
        // A restarted replica is up again, but counts as faulty while it recovers.
        Map<Integer, Long> recoveringUntilNs = new HashMap<>();
        int most = 0;
        List<FaultPlan.ScheduledFault> faults = plan.faults();
        for (int index = 0; index < faults.size(); index++) {
            Fault fault = faults.get(index).fault();
            if (fault instanceof Fault.CrashReplica crash) {
                forever.add(crash.replica());
            } else if (fault instanceof Fault.ArmCrash arm) {
                forever.add(arm.point().replica());
            } else if (fault instanceof Fault.ReturnWrongResults wrong) {
                forever.add(wrong.replica());
            } else if (fault instanceof Fault.RestartFromDisk restart) {
                forever.remove(restart.replica());
                recoveringUntilNs.put(restart.replica(), faults.get(index).afterNs() + FaultPlanner.RECOVERY_NS);
            } else if (fault instanceof Fault.ReplaceEmpty replace) {
                forever.remove(replace.replica());
                recoveringUntilNs.put(replace.replica(), faults.get(index).afterNs() + FaultPlanner.RECOVERY_NS);
            } else if (fault instanceof Fault.PauseReplica pause) {
                paused.add(pause.replica());
            } else if (fault instanceof Fault.ResumeReplica resume) {
                paused.remove(resume.replica());
            } else if (fault instanceof Fault.IsolateNode isolate && isolate.node().role() == NodeId.Role.REPLICA) {
                isolated.add(isolate.node().index());
            } else if (fault instanceof Fault.ReconnectNode reconnect) {
                isolated.remove(reconnect.node().index());
            } else if (fault instanceof Fault.CutLink cut) {
                replicaEnd(cut.link().from(), cut.link().to()).ifPresent(replica -> cutLinks.merge(replica, 1, Integer::sum));
            } else if (fault instanceof Fault.HealLink heal) {
                replicaEnd(heal.link().from(), heal.link().to()).ifPresent(replica -> cutLinks.merge(replica, -1, Integer::sum));
            } else if (fault instanceof Fault.HealEverything) {
                paused.clear();
                isolated.clear();
                cutLinks.clear();
            }
            boolean lastOfItsInstant = index + 1 == faults.size() || faults.get(index + 1).afterNs() != faults.get(index).afterNs();
            if (lastOfItsInstant) {
                Set<Integer> faulty = new TreeSet<>(forever);
                faulty.addAll(paused);
                faulty.addAll(isolated);
                long nowNs = faults.get(index).afterNs();
                recoveringUntilNs.forEach((replica, untilNs) -> {
                    if (untilNs > nowNs) {
                        faulty.add(replica);
                    }
                });
                cutLinks.forEach((replica, cuts) -> {
                    if (cuts > 0) {
                        faulty.add(replica);
                    }
                });
                most = Math.max(most, faulty.size());
            }
        }
        return most;
    }

    private static java.util.Optional<Integer> replicaEnd(NodeId from, NodeId to) {
        if (from.role() == NodeId.Role.REPLICA) {
            return java.util.Optional.of(from.index());
        }
        return to.role() == NodeId.Role.REPLICA ? java.util.Optional.of(to.index()) : java.util.Optional.empty();
    }
}
