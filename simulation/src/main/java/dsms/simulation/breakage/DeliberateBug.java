package dsms.simulation.breakage;

import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.ProtocolRole;
import dsms.protocol.replica.Replica;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.sequencer.Sequencer;
import java.util.Locale;

/**
 * A bug put into the protocol on purpose, to prove that the simulator catches it. Nothing but
 * tests of the simulator (and the {@code simulate --break} demonstration) uses anything other
 * than {@link #NONE}.
 *
 * <p>Each bug is made from outside the protocol code: a configuration, a front end told the wrong
 * failure mode, or a wrapper around the real replica or sequencer.
 */
public enum DeliberateBug {
    /** The real protocol. */
    NONE,
    /**
     * Replicas remember one executed request only, so a request the sequencer ordered twice (it
     * forgot a resend) is executed twice.
     */
    NO_DEDUP_TABLE,
    /** Replicas deliver entries in the order they arrive, ignoring the holdback queue's order. */
    OUT_OF_ORDER_DELIVERY,
    /** In byzantine mode the front end answers with the first result instead of waiting for f+1. */
    BYZANTINE_VOTE_ON_ONE_RESULT,
    /**
     * The sequencer ignores negative acknowledgements, so a replica that was cut off for long
     * never gets the entries it missed: a liveness bug, where every answer given stays right.
     */
    NACKS_IGNORED;

    /** The exactly-once table that only remembers this many requests under {@link #NO_DEDUP_TABLE}. */
    private static final int NO_DEDUP_EXECUTED_REQUESTS_MAX = 1;

    /** The name on the command line: lower case, dashes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DeliberateBug ofCliName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public ReplicaConfig replicaConfig(ReplicaConfig config) {
        return this == NO_DEDUP_TABLE ? config.withExecutedRequestsMax(NO_DEDUP_EXECUTED_REQUESTS_MAX) : config;
    }

    /** The shape the front end believes in; the replicas know the real one. */
    public ClusterShape frontEndShape(ClusterShape shape) {
        return this == BYZANTINE_VOTE_ON_ONE_RESULT ? new ClusterShape(shape.replicaCount(), FailureMode.CRASH) : shape;
    }

    /** The role that drives the sequencer: the sequencer itself, or a wrapper that breaks it. */
    public ProtocolRole sequencerRole(Sequencer sequencer) {
        return this == NACKS_IGNORED ? new NackIgnoringSequencer(sequencer) : sequencer;
    }

    /** The role that drives the replica: the replica itself, or a wrapper that breaks it. */
    public ProtocolRole replicaRole(Replica<?> replica) {
        return this == OUT_OF_ORDER_DELIVERY ? new ArrivalOrderReplica(replica) : replica;
    }
}
