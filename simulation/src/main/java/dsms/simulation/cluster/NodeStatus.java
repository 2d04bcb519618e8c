package dsms.simulation.cluster;

/** Whether a simulated node runs. */
public enum NodeStatus {
    /** Receives, handles and ticks. */
    UP,
    /** Stopped with its memory intact; datagrams wait in its bounded socket buffer. */
    PAUSED,
    /** Gone for good: it receives nothing and does nothing. */
    CRASHED
}
