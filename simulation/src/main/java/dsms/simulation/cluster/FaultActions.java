package dsms.simulation.cluster;

import dsms.protocol.message.NodeId;
import dsms.simulation.fault.Fault;
import dsms.simulation.network.NetworkFaults;
import dsms.simulation.network.SimulatedNetwork;

/** Carries out each kind of {@link Fault} on a simulated cluster. */
final class FaultActions {
    private FaultActions() {}

    static void apply(Fault fault, SimulatedCluster cluster) {
        SimulatedNetwork network = cluster.network();
        if (fault instanceof Fault.CrashReplica crash) {
            cluster.crash(cluster.node(NodeId.replica(crash.replica())));
        } else if (fault instanceof Fault.ArmCrash arm) {
            cluster.arm(arm.point());
        } else if (fault instanceof Fault.PauseReplica pause) {
            cluster.pause(cluster.node(NodeId.replica(pause.replica())));
        } else if (fault instanceof Fault.ResumeReplica resume) {
            cluster.resume(cluster.node(NodeId.replica(resume.replica())));
        } else if (fault instanceof Fault.IsolateNode isolate) {
            forEachOtherNode(cluster, isolate.node(), other -> network.cut(isolate.node(), other));
        } else if (fault instanceof Fault.ReconnectNode reconnect) {
            forEachOtherNode(cluster, reconnect.node(), other -> network.heal(reconnect.node(), other));
        } else if (fault instanceof Fault.CutLink cut) {
            network.cutOneWay(cut.link());
        } else if (fault instanceof Fault.HealLink heal) {
            network.healOneWay(heal.link());
        } else if (fault instanceof Fault.ChangeWeather weather) {
            network.setFaults(weather.weather());
        } else if (fault instanceof Fault.ChangeLinkWeather linkWeather) {
            network.setLinkFaults(linkWeather.link(), linkWeather.weather());
        } else if (fault instanceof Fault.ReturnWrongResults wrong) {
            cluster.replica(wrong.replica()).service().corrupt(wrong.corruption());
        } else if (fault instanceof Fault.RestartFromDisk restart) {
            cluster.restart(restart.replica(), true);
        } else if (fault instanceof Fault.ReplaceEmpty replace) {
            cluster.restart(replace.replica(), false);
        } else if (fault instanceof Fault.CorruptLogTail corrupt) {
            cluster.corruptLogTail(corrupt.replica(), corrupt.entries());
        } else if (fault instanceof Fault.HealEverything) {
            healEverything(cluster, network);
        }
    }

    private static void healEverything(SimulatedCluster cluster, SimulatedNetwork network) {
        network.setFaults(NetworkFaults.PERFECT);
        network.clearLinkFaults();
        network.healAll();
        for (SimulatedNode node : cluster.allNodes()) {
            cluster.resume(node);
        }
    }

    private static void forEachOtherNode(SimulatedCluster cluster, NodeId node, java.util.function.Consumer<NodeId> action) {
        for (SimulatedNode other : cluster.allNodes()) {
            if (!other.id().equals(node)) {
                action.accept(other.id());
            }
        }
    }
}
