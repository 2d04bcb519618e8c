package dsms.protocol.message;

/**
 * Recovering replica to its peers: announce every checkpoint you hold ({@code
 * CheckpointAnnouncement}s in reply).
 */
public record CheckpointQuery() implements Message {}
