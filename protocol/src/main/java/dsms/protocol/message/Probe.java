package dsms.protocol.message;

/**
 * Replica manager to replica: are you there? The replica answers at once with a {@code
 * ProbeReply} carrying the same nonce, so that a late reply to an older probe is never mistaken
 * for a reply to this one.
 */
public record Probe(long nonce) implements Message {}
