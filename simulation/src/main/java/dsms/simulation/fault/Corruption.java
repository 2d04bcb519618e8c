package dsms.simulation.fault;

/** Which results a wrong-result replica corrupts. */
public enum Corruption {
    /** A correct replica. */
    NONE,
    /** Every result is wrong. */
    EVERY_RESULT,
    /** About one result in three, chosen by sequence number, so the replica is wrong only sometimes. */
    SOME_RESULTS
}
