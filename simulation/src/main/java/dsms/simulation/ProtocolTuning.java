package dsms.simulation;

import dsms.protocol.codec.DatagramFormat;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.manager.ReplicaManagerConfig;
import dsms.protocol.replica.RecoveryConfig;
import dsms.protocol.replica.ReplicaConfig;
import dsms.protocol.sequencer.SequencerConfig;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The protocol's bounds for one run, drawn per seed so that rarely reached paths run often:
 * one-entry batches, results in many chunks, a holdback window of a few entries, a sequencer that
 * forgets resent requests at once (so replicas must deduplicate), a front end that cuts
 * collections short or gives up on requests far too early, (when no replica is harmed) a small
 * retransmission buffer, and checkpoints every few tens of entries, so that runs of a few hundred
 * requests take many and restarts and state transfers start from one.
 *
 * <p>Other timers keep their defaults: they are what a deployment uses, and the simulated clock
 * makes them cheap.
 */
public record ProtocolTuning(
        FrontEndConfig frontEndConfig,
        SequencerConfig sequencerConfig,
        ReplicaConfig replicaConfig,
        long tickIntervalNsMin,
        long tickIntervalNsMax,
        RecoveryConfig recoveryConfig,
        ReplicaManagerConfig managerConfig) {

    private static final long MICROSECOND_NS = 1_000L;
    private static final int[] BATCH_ENTRIES = {1, 4, 64};
    private static final int[] RECENT_REQUESTS = {1, 8, 65_536};
    private static final int[] SMALL_RETRANSMISSION_ENTRIES = {16, 64};
    private static final int[] RETRANSMIT_ATTEMPTS = {2, 8};
    private static final int[] HOLDBACK_ENTRIES = {4, 64, 8192};
    private static final int[] NACK_RANGES = {1, 8};
    private static final int[] RESULT_CHUNK_BYTES = {64, 512, 8000};
    private static final int[] ANSWERED_REQUESTS = {2, 4096};
    private static final int[] CHECKPOINT_INTERVAL_ENTRIES = {16, 32, 64};
    /** The interval of hand-written scenarios: small enough that a few hundred requests take checkpoints. */
    private static final int DEFAULT_CHECKPOINT_INTERVAL_ENTRIES = 64;
    /**
     * Checkpoint bytes hashed per step. Simulated checkpoints are kilobytes, not the megabytes of a
     * loaded replica, so small slices make a checkpoint wait for its digest across many messages
     * and ticks, as a real one does, and every seed runs with that path.
     */
    private static final int[] CHECKPOINT_DIGEST_SLICE_BYTES = {64, 512, 4096};
    private static final int DEFAULT_CHECKPOINT_DIGEST_SLICE_BYTES = 256;
    private static final long MILLISECOND_NS = 1_000 * MICROSECOND_NS;
    /**
     * How long managers leave a starting replica alone: the default 10 s outlasts most faulty
     * phases, so half the runs use 500 ms, and managers restart replicas within the run, crashed
     * ones and paused or cut-off ones alike.
     */
    private static final long[] MANAGER_COOLDOWN_NS = {500 * MILLISECOND_NS, 10_000 * MILLISECOND_NS};
    private static final long[] TICK_INTERVAL_NS_MIN = {200 * MICROSECOND_NS, 1_000 * MICROSECOND_NS};
    private static final long[] TICK_INTERVAL_NS_MAX = {2_000 * MICROSECOND_NS, 10_000 * MICROSECOND_NS};

    /** Every default, ticking every 1 to 5 ms. */
    public static ProtocolTuning defaults() {
        return new ProtocolTuning(
                FrontEndConfig.defaults(),
                SequencerConfig.defaults(),
                ReplicaConfig.defaults(),
                1_000 * MICROSECOND_NS,
                5_000 * MICROSECOND_NS,
                RecoveryConfig.defaults()
                        .withCheckpointIntervalEntries(DEFAULT_CHECKPOINT_INTERVAL_ENTRIES)
                        .withCheckpointDigestSliceBytes(DEFAULT_CHECKPOINT_DIGEST_SLICE_BYTES),
                ReplicaManagerConfig.defaults());
    }

    /**
     * Draws bounds for one run.
     *
     * @param smallRetransmissionBuffer whether the sequencer may get a buffer of a few entries
     */
    public static ProtocolTuning draw(SplittableRandom random, boolean smallRetransmissionBuffer) {
        SequencerConfig sequencer = SequencerConfig.defaults()
                .withBatchEntriesMax(pick(random, BATCH_ENTRIES))
                .withRecentRequestsMax(pick(random, RECENT_REQUESTS))
                .withRetransmitAttemptsMax(pick(random, RETRANSMIT_ATTEMPTS));
        if (smallRetransmissionBuffer && random.nextBoolean()) {
            sequencer = sequencer.withRetransmissionEntriesMax(pick(random, SMALL_RETRANSMISSION_ENTRIES));
        }
        ReplicaConfig replica = ReplicaConfig.defaults()
                .withHoldbackEntriesMax(pick(random, HOLDBACK_ENTRIES))
                .withNackRangesMax(pick(random, NACK_RANGES))
                .withResultChunkBytesMax(pick(random, RESULT_CHUNK_BYTES));
        // The front end must accept as many chunks as the replicas cut the largest result into.
        FrontEndConfig frontEnd = FrontEndConfig.defaults()
                .withAnsweredRequestsMax(pick(random, ANSWERED_REQUESTS))
                .withResultChunksMax(DatagramFormat.RESULT_CHUNK_COUNT_MAX);
        if (random.nextInt(4) == 0) {
            frontEnd = impatient(frontEnd);
        }
        long tickIntervalNsMin = TICK_INTERVAL_NS_MIN[random.nextInt(TICK_INTERVAL_NS_MIN.length)];
        long tickIntervalNsMax = TICK_INTERVAL_NS_MAX[random.nextInt(TICK_INTERVAL_NS_MAX.length)];
        // Drawn last, so that the earlier draws of a seed stay what they were before checkpoints.
        RecoveryConfig recovery = RecoveryConfig.defaults().withCheckpointIntervalEntries(pick(random, CHECKPOINT_INTERVAL_ENTRIES));
        ReplicaManagerConfig manager = ReplicaManagerConfig.defaults()
                .withActionCooldownNs(MANAGER_COOLDOWN_NS[random.nextInt(MANAGER_COOLDOWN_NS.length)]);
        // Drawn after everything else, so that the earlier draws of a seed stay what they were.
        recovery = recovery.withCheckpointDigestSliceBytes(pick(random, CHECKPOINT_DIGEST_SLICE_BYTES));
        return new ProtocolTuning(frontEnd, sequencer, replica, tickIntervalNsMin, tickIntervalNsMax, recovery, manager);
    }

    /**
     * A front end with timeouts far shorter than the network's delays: requests fail while they
     * are in fact ordered and executed, so clients retry them and replicas answer from their
     * tables, and replicas are asked again and suspected often.
     */
    private static FrontEndConfig impatient(FrontEndConfig frontEnd) {
        return frontEnd
                .withSequencerResendIntervalNs(10 * MILLISECOND_NS)
                .withOrderingTimeoutNs(60 * MILLISECOND_NS)
                .withResultTimeoutNsMin(2 * MILLISECOND_NS)
                .withResultTimeoutNsInitial(5 * MILLISECOND_NS)
                .withResultTimeoutNsMax(20 * MILLISECOND_NS);
    }

    private static int pick(SplittableRandom random, int[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The bounds that differ between runs, on one line. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "batch %d entries, sequencer remembers %d requests, buffer %d entries, %d retransmits; "
                        + "holdback %d, %d nack ranges, result chunks of %d B; front end collects %d answered, "
                        + "orders within %d ms, result timeout %d..%d ms; ticks every %d..%d us; "
                        + "checkpoint every %d entries; managers wait %d ms after an action",
                sequencerConfig.batchEntriesMax(),
                sequencerConfig.recentRequestsMax(),
                sequencerConfig.retransmissionEntriesMax(),
                sequencerConfig.retransmitAttemptsMax(),
                replicaConfig.holdbackEntriesMax(),
                replicaConfig.nackRangesMax(),
                replicaConfig.resultChunkBytesMax(),
                frontEndConfig.answeredRequestsMax(),
                frontEndConfig.orderingTimeoutNs() / MILLISECOND_NS,
                frontEndConfig.resultTimeoutNsMin() / MILLISECOND_NS,
                frontEndConfig.resultTimeoutNsMax() / MILLISECOND_NS,
                tickIntervalNsMin / MICROSECOND_NS,
                tickIntervalNsMax / MICROSECOND_NS,
                recoveryConfig.checkpointIntervalEntries(),
                managerConfig.actionCooldownNs() / MILLISECOND_NS);
    }
}
