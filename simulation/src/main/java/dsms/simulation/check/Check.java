package dsms.simulation.check;

/** The properties the simulator checks; a failure names the one that broke. */
public enum Check {
    /** Every replica delivers 1, 2, 3... without a gap, and all deliver the same entry at each number. */
    TOTAL_ORDER,
    /** No replica executes a request ID twice; a deduplicated entry returns the first execution's result. */
    EXACTLY_ONCE,
    /** Every AGREED answer equals what a reference market answers for the agreed order. */
    AGREED_ANSWER,
    /** The front end completes each accepted submit exactly once, and only those. */
    FRONT_END_CONTRACT,
    /** DOMAIN.md's invariants hold on every correct replica. */
    INVARIANTS,
    /** Correct replicas at the same sequence number hold the same state, the reference's at the end. */
    STATE_DIGEST,
    /** Correct replicas' checkpoints at the same sequence number have the same digest. */
    CHECKPOINT_DIGEST,
    /** Once faults heal, every request is answered AGREED and live replicas catch up. */
    LIVENESS,
    /** Protocol or simulator code threw: a broken always-on check, or a bug that crashed a role. */
    UNEXPECTED_EXCEPTION
}
