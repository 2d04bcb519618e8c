package dsms.protocol.frontend;

import dsms.core.Checks;

/**
 * The front end's bounds and timers. {@link #defaults()} gives values for a LAN.
 *
 * <p>The result timeout adapts: twice the slowest of the last {@code latencySamplesMax} result
 * latencies, within {@code resultTimeoutNsMin} and {@code resultTimeoutNsMax}. A replica silent for
 * one timeout after the request is known to be ordered is asked again; silent for another, it is
 * suspected of having crashed.
 *
 * @param pendingRequestsMax requests submitted and not answered yet; {@code submit} refuses more
 *     (default 1024)
 * @param answeredRequestsMax answered requests still collecting the other replicas' results for
 *     fault detection; the oldest stops collecting early when more are answered (default 4096)
 * @param commandBytesMax the largest command accepted; it must leave room in one datagram for the
 *     sequencer's entry header (default 4096)
 * @param sequencerResendIntervalNs how often a request is sent to the sequencer again until it is
 *     known to be ordered (default 100 ms)
 * @param orderingTimeoutNs how long a request may take to be known as ordered before it fails
 *     (default 5 s)
 * @param resultTimeoutNsInitial the result timeout before any result latency was measured (default
 *     250 ms)
 * @param resultTimeoutNsMin the lower bound of the adaptive result timeout (default 50 ms, so
 *     that a short pause of a healthy replica does not make it a crash suspect)
 * @param resultTimeoutNsMax the upper bound of the adaptive result timeout (default 3 s)
 * @param latencySamplesMax how many recent result latencies the adaptive timeout remembers
 *     (default 64)
 * @param crashSuspicionIntervalNs the shortest time between two crash suspicions of one replica
 *     (default 1 s)
 * @param resultBytesMax the largest reassembled result; a larger one is treated as invalid
 *     (default 262144)
 * @param resultChunksMax the most chunks one result may announce; more is treated as invalid
 *     (default 64)
 * @param replicaLagEntriesMax how far, in sequence numbers, a replica that is still sending
 *     results may fall behind the newest ordered request before the front end stops taking on
 *     requests ({@link FrontEnd#admission()}); it must stay well within the sequencer's window, so
 *     that load alone never pushes a working replica out of it (default 16384)
 */
public record FrontEndConfig(
        int pendingRequestsMax,
        int answeredRequestsMax,
        int commandBytesMax,
        long sequencerResendIntervalNs,
        long orderingTimeoutNs,
        long resultTimeoutNsInitial,
        long resultTimeoutNsMin,
        long resultTimeoutNsMax,
        int latencySamplesMax,
        long crashSuspicionIntervalNs,
        int resultBytesMax,
        int resultChunksMax,
        int replicaLagEntriesMax) {

    private static final long MILLISECOND_NS = 1_000_000L;

    public FrontEndConfig {
        Checks.check(pendingRequestsMax >= 1, "pendingRequestsMax %d is positive", pendingRequestsMax);
        Checks.check(answeredRequestsMax >= 1, "answeredRequestsMax %d is positive", answeredRequestsMax);
        Checks.check(commandBytesMax >= 1, "commandBytesMax %d is positive", commandBytesMax);
        Checks.check(sequencerResendIntervalNs >= 1, "sequencerResendIntervalNs %d is positive", sequencerResendIntervalNs);
        Checks.check(orderingTimeoutNs >= 1, "orderingTimeoutNs %d is positive", orderingTimeoutNs);
        Checks.check(resultTimeoutNsInitial >= 1, "resultTimeoutNsInitial %d is positive", resultTimeoutNsInitial);
        Checks.check(resultTimeoutNsMin >= 1, "resultTimeoutNsMin %d is positive", resultTimeoutNsMin);
        Checks.check(resultTimeoutNsMax >= 1, "resultTimeoutNsMax %d is positive", resultTimeoutNsMax);
        Checks.check(latencySamplesMax >= 1, "latencySamplesMax %d is positive", latencySamplesMax);
        Checks.check(crashSuspicionIntervalNs >= 1, "crashSuspicionIntervalNs %d is positive", crashSuspicionIntervalNs);
        Checks.check(replicaLagEntriesMax >= 1, "replicaLagEntriesMax %d is positive", replicaLagEntriesMax);
        Checks.check(resultBytesMax >= 1, "resultBytesMax %d is positive", resultBytesMax);
        Checks.check(resultChunksMax >= 1, "resultChunksMax %d is positive", resultChunksMax);
        Checks.check(
                resultTimeoutNsMin <= resultTimeoutNsInitial && resultTimeoutNsInitial <= resultTimeoutNsMax,
                "result timeouts are ordered: min %d <= initial %d <= max %d",
                resultTimeoutNsMin,
                resultTimeoutNsInitial,
                resultTimeoutNsMax);
    }

    public static FrontEndConfig defaults() {
        return new FrontEndConfig(
                1024,
                4096,
                4096,
                100 * MILLISECOND_NS,
                5_000 * MILLISECOND_NS,
                250 * MILLISECOND_NS,
                50 * MILLISECOND_NS,
                3_000 * MILLISECOND_NS,
                64,
                1_000 * MILLISECOND_NS,
                262_144,
                64,
                16_384);
    }

    public FrontEndConfig withPendingRequestsMax(int value) {
        return new FrontEndConfig(value, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withAnsweredRequestsMax(int value) {
        return new FrontEndConfig(pendingRequestsMax, value, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withCommandBytesMax(int value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, value, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withSequencerResendIntervalNs(long value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, value, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withOrderingTimeoutNs(long value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, value, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withResultTimeoutNsInitial(long value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, value, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withResultTimeoutNsMin(long value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, value, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withResultTimeoutNsMax(long value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, value, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withLatencySamplesMax(int value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, value, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withCrashSuspicionIntervalNs(long value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, value, resultBytesMax, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withResultBytesMax(int value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, value, resultChunksMax, replicaLagEntriesMax);
    }

    public FrontEndConfig withResultChunksMax(int value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, value, replicaLagEntriesMax);
    }

    public FrontEndConfig withReplicaLagEntriesMax(int value) {
        return new FrontEndConfig(pendingRequestsMax, answeredRequestsMax, commandBytesMax, sequencerResendIntervalNs, orderingTimeoutNs, resultTimeoutNsInitial, resultTimeoutNsMin, resultTimeoutNsMax, latencySamplesMax, crashSuspicionIntervalNs, resultBytesMax, resultChunksMax, value);
    }
}
