package dsms.protocol.replica;

import dsms.protocol.Checkpoint;
import dsms.protocol.ClusterShape;
import dsms.protocol.message.CheckpointAnnouncement;
import java.util.Optional;

/**
 * Compares this replica's checkpoints with the ones its peers announce at the same sequence
 * numbers, so that a replica whose state diverged shows up in the counters instead of staying
 * invisible until its results are outvoted.
 *
 * <p>Each pair of checkpoints is compared once: when the announcement arrives if this replica
 * already holds that checkpoint, or else when this replica takes it. Bounded by one remembered
 * announcement per replica.
 */
final class DigestComparison {
    private final CheckpointAnnouncement[] latestByReplica;
    private long matched;
    private long diverged;

    DigestComparison(ClusterShape shape) {
        this.latestByReplica = new CheckpointAnnouncement[shape.replicaCount()];
    }

    /** Remembers a peer's announcement and compares it with {@code own}, the checkpoint at its sequence if held. */
    void onAnnouncement(int peer, CheckpointAnnouncement announcement, Optional<Checkpoint> own) {
        if (announcement.equals(latestByReplica[peer])) {
            return; // a duplicate: compared already
        }
        latestByReplica[peer] = announcement;
        own.ifPresent(checkpoint -> compare(checkpoint, announcement));
    }

    /** Compares a checkpoint just taken with the peers' announcements at its sequence. */
    void onTaken(Checkpoint checkpoint) {
        for (CheckpointAnnouncement announcement : latestByReplica) {
            if (announcement != null && announcement.sequence() == checkpoint.sequence()) {
                compare(checkpoint, announcement);
            }
        }
    }

    private void compare(Checkpoint own, CheckpointAnnouncement announcement) {
        if (own.digest().equals(announcement.digest()) && own.lengthBytes() == announcement.checkpointBytes()) {
            matched++;
        } else {
            diverged++;
        }
    }

    /** The latest checkpoint the replica announced, if any did. */
    Optional<CheckpointAnnouncement> latestOf(int replica) {
        return Optional.ofNullable(latestByReplica[replica]);
    }

    long matched() {
        return matched;
    }

    long diverged() {
        return diverged;
    }
}
