package dsms.simulation.fault;

import dsms.core.Checks;
import dsms.protocol.message.NodeId;
import dsms.simulation.network.Link;
import dsms.simulation.network.NetworkFaults;

/**
 * One thing that goes wrong (or right again) in a simulated cluster, as data, so that a fault
 * plan can be printed, traced and replayed. The cluster carries each one out when it is due.
 *
 * <p>A crashed replica stays down unless a restart or replacement brings it back: one planned
 * here, or one its replica manager decides (when the cluster runs managers, their actions are
 * carried out as these same records).
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
     * A new process for the replica that recovers from its own disk: the newest checkpoint saved,
     * then the entries logged after it. A running replica is killed first, as a manager does.
     */
    record RestartFromDisk(int replica) implements Fault {
        @Override
        public String describe() {
            return "restart from disk " + NodeId.replica(replica);
        }
    }

    /**
     * A new process for the replica on an empty disk (the disk was lost, or a manager replaced
     * it): it takes its state from its peers by state transfer before its first tick.
     */
    record ReplaceEmpty(int replica) implements Fault {
        @Override
        public String describe() {
            return "replace empty " + NodeId.replica(replica);
        }
    }

    /**
     * The last {@code entries} logged entries of a crashed replica's disk are lost (a torn write
     * the log's checksums cut off): after a restart it must get them again from the sequencer or
     * its peers, and deliver them again without executing anything twice.
     */
    record CorruptLogTail(int replica, int entries) implements Fault {
        public CorruptLogTail {
            Checks.check(entries >= 1, "a corrupt log tail loses at least one entry: %d", entries);
        }

        @Override
        public String describe() {
            return "corrupt log tail " + NodeId.replica(replica) + " last " + entries + " entries";
        }
    }

    /**
     * The end of the faulty phase: the network becomes perfect, every link heals and every paused
     * replica resumes. Crashed replicas stay down and wrong-result replicas stay wrong unless a
     * planned restart or a replica manager brings them back.
     */
    record HealEverything() implements Fault {
        @Override
        public String describe() {
            return "heal everything";
        }
    }
}
