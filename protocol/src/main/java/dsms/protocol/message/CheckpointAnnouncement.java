package dsms.protocol.message;

import dsms.core.StateDigest;

/**
 * Replica to replica: "I hold a checkpoint of the state after {@code sequence}, this long, with
 * this digest". Sent to every peer when a checkpoint is taken, so that divergence is visible, and
 * in answer to a {@code CheckpointQuery} (once per checkpoint held), so that a recovering replica
 * can pick one that {@code f+1} replicas agree on.
 *
 * @param sequence the last entry the checkpoint includes; 0 for the initial state
 * @param deliveredSequence the announcing replica's last delivered entry, at least {@code
 *     sequence}: how far it can serve entries after the checkpoint
 * @param checkpointBytes the length of the checkpoint's canonical bytes
 * @param digest the digest of the checkpoint's canonical bytes
 */
public record CheckpointAnnouncement(long sequence, long deliveredSequence, int checkpointBytes, StateDigest digest)
        implements Message {}
