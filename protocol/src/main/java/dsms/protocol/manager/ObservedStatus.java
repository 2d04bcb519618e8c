package dsms.protocol.manager;

/** What a manager knows of its replica from its latest probe replies, for status reports. */
public enum ObservedStatus {
    /** No reply yet. */
    UNKNOWN,
    /** The latest reply is recent and says the replica is live. */
    UP,
    /** The latest reply is recent and says the replica is recovering its state from peers. */
    RECOVERING,
    /** No reply for several probe intervals. */
    DOWN
}
