package dsms.protocol.cluster;

import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.message.OrderedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a durable driver keeps of one replica in memory instead of on disk: its newest checkpoint
 * and the log of the entries it delivered after it, truncated behind each new checkpoint, as the
 * process layer does with {@code SnapshotStore} and {@code WriteAheadLog}.
 */
final class ReplicaDisk {
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

    /** Throws everything away, as a replaced replica's driver does. */
    void wipe() {
        checkpoint = null;
        log.clear();
    }

    Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** The logged entries after the checkpoint, oldest first. */
    List<OrderedEntry> log() {
        return List.copyOf(log);
    }
}
