package dsms.simulation.cluster;

import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a replica's process keeps on disk, held in memory: its newest checkpoint and the log of the
 * entries it delivered after it, truncated behind each new checkpoint, as the process layer does
 * with {@code SnapshotStore} and {@code WriteAheadLog}. The disk outlives the process: a restart
 * reads it back; a replacement wipes it.
 */
final class SimulatedDisk {
    private Checkpoint checkpoint;
    private final List<OrderedEntry> log = new ArrayList<>();

    void append(Delivery delivery) {
        log.add(delivery.entry());
    }

    void save(CheckpointEvent event) {
        checkpoint = event.checkpoint();
        long sequence = event.checkpoint().sequence();
        if (event.kind() == CheckpointEvent.Kind.INSTALLED) {
            // The state jumped to the installed checkpoint: the log restarts after it.
            log.clear();
        } else {
            log.removeIf(entry -> entry.sequence() <= sequence);
        }
    }

    /** Loses the newest {@code entries} logged entries (all of them if the log is shorter). */
    int dropTail(int entries) {
        int dropped = Math.min(entries, log.size());
        log.subList(log.size() - dropped, log.size()).clear();
        return dropped;
    }

    void wipe() {
        checkpoint = null;
        log.clear();
    }

    Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** The logged entries after the checkpoint, oldest first, as a copy: replaying them may cut the log. */
    List<OrderedEntry> log() {
        return List.copyOf(log);
    }
}
