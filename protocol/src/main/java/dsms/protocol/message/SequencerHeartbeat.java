package dsms.protocol.message;

/**
 * Sequencer to replica, sent when idle: the highest sequence number assigned so far, so that a
 * replica whose last batch was lost detects the gap and asks for it.
 */
public record SequencerHeartbeat(long epoch, long highestSequence) implements Message {}
