package dsms.simulation;

import java.util.List;
import java.util.Locale;

/**
 * What a run did, for reports and for tests that make sure a profile really exercised its faults.
 *
 * @param simulatedNs simulated time from the start to the end of the run
 * @param events agenda events handled
 * @param datagramsSent datagrams handed to the network
 * @param datagramsLost datagrams the network dropped
 * @param datagramsDuplicated datagrams the network delivered twice
 * @param datagramsCorrupted datagram copies the network corrupted
 * @param datagramsCut datagrams dropped by cut links
 * @param datagramsReordered datagram copies that overtook one sent earlier on the same link
 * @param datagramsOverflowed datagrams dropped because a paused replica's socket buffer was full
 * @param datagramsRejected datagrams the receivers' codecs rejected (corruption caught by the HMAC)
 * @param highestSequence the last sequence number the sequencer assigned
 * @param answers answers the front end gave, agreed or not
 * @param answersNotAgreed answers NO_QUORUM, TIMED_OUT or OVERLOADED, which clients retry
 * @param clientRetries times clients retried a request after a system error
 * @param deduplicatedDeliveries entries replicas answered from their exactly-once table
 * @param replicaCrashes replicas that crashed, at a time or at a protocol moment
 * @param replicasAwaitingStateTransfer live replicas that lack entries the sequencer forgot
 * @param replicaRestarts restarts and replacements of replicas, planned or decided by managers
 * @param checkpointsCompared checkpoints whose digest was compared with another replica's
 */
public record RunStats(
        long simulatedNs,
        long events,
        long datagramsSent,
        long datagramsLost,
        long datagramsDuplicated,
        long datagramsCorrupted,
        long datagramsCut,
        long datagramsReordered,
        long datagramsOverflowed,
        long datagramsRejected,
        long highestSequence,
        long answers,
        long answersNotAgreed,
        long clientRetries,
        long deduplicatedDeliveries,
        long replicaCrashes,
        List<Integer> replicasAwaitingStateTransfer,
        long replicaRestarts,
        long checkpointsCompared) {

    public RunStats {
        replicasAwaitingStateTransfer = List.copyOf(replicasAwaitingStateTransfer);
    }

    /** The statistics of a run that never started. */
    public static RunStats none() {
        return new RunStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0);
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "%.2f s simulated, %d events; datagrams: %d sent, %d lost, %d duplicated, %d corrupted (%d rejected), "
                        + "%d cut, %d reordered, %d overflowed; %d ordered, %d answers (%d not agreed), %d client retries, %d deduplicated deliveries, "
                        + "%d replicas crashed, %d restarts, %d checkpoints compared%s",
                simulatedNs / 1e9, events, datagramsSent, datagramsLost, datagramsDuplicated, datagramsCorrupted,
                datagramsRejected, datagramsCut, datagramsReordered, datagramsOverflowed, highestSequence, answers, answersNotAgreed, clientRetries,
                deduplicatedDeliveries, replicaCrashes, replicaRestarts, checkpointsCompared,
                replicasAwaitingStateTransfer.isEmpty()
                        ? ""
                        : "; replicas awaiting state transfer: " + replicasAwaitingStateTransfer);
    }
}
