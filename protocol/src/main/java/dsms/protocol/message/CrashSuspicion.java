package dsms.protocol.message;

/** Front end to every replica manager: this replica did not answer in time, even when asked again. */
public record CrashSuspicion(int replicaIndex, long sequence) implements Message {}
