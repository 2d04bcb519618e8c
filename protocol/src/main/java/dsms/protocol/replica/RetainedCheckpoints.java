package dsms.protocol.replica;

import dsms.core.Checks;
import dsms.protocol.Checkpoint;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The checkpoints a replica keeps to serve its peers, oldest first: at most {@link
 * RecoveryConfig#CHECKPOINTS_RETAINED}, and always at least one (the initial state's, until a later
 * one replaces it).
 *
 * <p>Two rather than one because replicas take a checkpoint at slightly different moments: while
 * one replica has taken checkpoint {@code s} and another is still about to, both still hold the one
 * before, so f+1 of them can agree on some checkpoint at every moment.
 */
final class RetainedCheckpoints {
    private final ArrayDeque<Checkpoint> checkpoints = new ArrayDeque<>(RecoveryConfig.CHECKPOINTS_RETAINED + 1);

    RetainedCheckpoints(Checkpoint initial) {
        checkpoints.add(initial);
    }

    /** Keeps a newer checkpoint, forgetting the oldest beyond the bound. */
    void add(Checkpoint checkpoint) {
        Checks.check(
                checkpoint.sequence() > latest().sequence(),
                "checkpoint %d is newer than %d",
                checkpoint.sequence(),
                latest().sequence());
        checkpoints.addLast(checkpoint);
        while (checkpoints.size() > RecoveryConfig.CHECKPOINTS_RETAINED) {
            checkpoints.removeFirst();
        }
    }

    /** Forgets every checkpoint but {@code checkpoint}: the state was replaced by it. */
    void resetTo(Checkpoint checkpoint) {
        checkpoints.clear();
        checkpoints.add(checkpoint);
    }

    Optional<Checkpoint> find(long sequence) {
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.sequence() == sequence) {
                return Optional.of(checkpoint);
            }
        }
        return Optional.empty();
    }

    Checkpoint latest() {
        return checkpoints.getLast();
    }

    Checkpoint oldest() {
        return checkpoints.getFirst();
    }

    /** Every retained checkpoint, oldest first. */
    List<Checkpoint> all() {
        return List.copyOf(checkpoints);
    }
}
