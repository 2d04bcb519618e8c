package dsms.simulation.fault;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;
import dsms.simulation.network.Link;
import dsms.simulation.network.NetworkFaults;

/**
 * One thing that goes wrong (or right again) in a simulated cluster, as data, so that a fault
 * plan can be printed, traced and replayed. The cluster carries each one out when it is due.
 *
 * <p>Replica managers, restarts from disk and state transfer are not simulated yet: a crashed
 * replica stays down. A restart becomes one more record here.
 */
public sealed interface Fault {

    /** A short, stable description for traces and failure reports. */
    String describe();

    /** The replica dies as with kill -9: it receives nothing and does nothing from now on. */
    record CrashReplica(int replica) implements Fault {
        @Override
        public String describe() {
            return "crash " + NodeId.replica(replica);
        }
    }

    /**
     * From now on, the replica dies at a protocol moment (when it reaches it, if ever). For the
     * fault budget it counts as crashed from the moment it is armed.
     */
    record ArmCrash(CrashPoint point) implements Fault {
        @Override
        public String describe() {
            return "arm crash: " + point.describe();
        }
    }

    /**
     * The replica stops for a while with its memory intact (a long garbage collection, a frozen
     * virtual machine): datagrams wait in its socket buffer, its timers stop until it resumes.
     */
    record PauseReplica(int replica) implements Fault {
        @Override
        public String describe() {
            return "pause " + NodeId.replica(replica);
        }
    }

    /** A paused replica goes on where it stopped. */
    record ResumeReplica(int replica) implements Fault {
        @Override
        public String describe() {
            return "resume " + NodeId.replica(replica);
        }
    }

    /** The node can neither send to nor receive from anyone: a partition around it. */
    record IsolateNode(NodeId node) implements Fault {
        @Override
        public String describe() {
            return "isolate " + node;
        }
    }

    /** The node's links work again (their weather is the network's). */
    record ReconnectNode(NodeId node) implements Fault {
        @Override
        public String describe() {
            return "reconnect " + node;
        }
    }

    /** One direction of one link drops everything. */
    record CutLink(Link link) implements Fault {
        @Override
        public String describe() {
            return "cut " + link;
        }
    }

    /** A cut direction works again. */
    record HealLink(Link link) implements Fault {
        @Override
        public String describe() {
            return "heal " + link;
        }
    }

    /** Every link without weather of its own now behaves like this. */
    record ChangeWeather(NetworkFaults weather) implements Fault {
        @Override
        public String describe() {
            return "weather " + Weather.describe(weather);
        }
    }

    /** One direction of one link gets weather of its own. */
    record ChangeLinkWeather(Link link, NetworkFaults weather) implements Fault {
        @Override
        public String describe() {
            return "weather " + link + " " + Weather.describe(weather);
        }
    }

    /** The replica's service starts returning wrong results (a software fault, byzantine mode). */
    record ReturnWrongResults(int replica, Corruption corruption) implements Fault {
        public ReturnWrongResults {
            Checks.check(corruption != Corruption.NONE, "a wrong-result fault corrupts something");
        }

        @Override
        public String describe() {
            return "wrong results " + NodeId.replica(replica) + " " + corruption;
        }
    }

    /**
     * The end of the faulty phase: the network becomes perfect, every link heals and every paused
     * replica resumes. Crashed replicas stay down and wrong-result replicas stay wrong, since only
     * replica managers (not simulated yet) restart or replace them.
     */
    record HealEverything() implements Fault {
        @Override
        public String describe() {
            return "heal everything";
        }
    }
}
