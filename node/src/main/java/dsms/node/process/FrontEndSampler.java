package dsms.node.process;

import dsms.protocol.codec.Rejection;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.frontend.FrontEndStats;
import dsms.transport.NodeDriver;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Copies the front end's counters for readers on other threads (metrics, status, dashboard). The
 * role's counters and the driver's rejection counters are plain fields of the loop thread, so the
 * copy is taken on that thread, as a task, and published through a volatile field.
 */
public final class FrontEndSampler {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final FrontEnd frontEnd;
    private final NodeDriver driver;
    private volatile Sample latest = Sample.EMPTY;

    public FrontEndSampler(FrontEnd frontEnd, NodeDriver driver) {
        this.frontEnd = frontEnd;
        this.driver = driver;
    }

    /**
     * What the front end had counted when last sampled.
     *
     * @param stats the role's counters
     * @param rejections datagrams dropped by the codec, per reason
     * @param requestsUnanswered requests waiting for an answer
     * @param requestsCollecting answered requests still collecting results for fault detection
     * @param resultTimeoutMs the current adaptive result timeout
     * @param datagramsReceived datagrams the loop received, valid or not
     * @param datagramsSent datagrams the loop sent
     */
    public record Sample(FrontEndStats stats, Map<Rejection, Long> rejections, int requestsUnanswered,
            int requestsCollecting, long resultTimeoutMs, long datagramsReceived, long datagramsSent) {
        static final Sample EMPTY = new Sample(new FrontEndStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                zeroRejections(), 0, 0, 0, 0, 0);

        public long datagramsRejected() {
            return rejections.values().stream().mapToLong(Long::longValue).sum();
        }

        private static Map<Rejection, Long> zeroRejections() {
            Map<Rejection, Long> zeros = new EnumMap<>(Rejection.class);
            for (Rejection reason : Rejection.values()) {
                zeros.put(reason, 0L);
            }
            return Collections.unmodifiableMap(zeros);
        }
    }

    /** Asks the loop for a fresh sample; a loop too busy to take the task keeps the last one. */
    public void requestSample() {
        driver.execute(outbox -> latest = new Sample(frontEnd.stats(), driver.rejections().snapshot(),
                frontEnd.unansweredRequests(), frontEnd.answeredRequestsCollecting(),
                frontEnd.resultTimeoutNs() / NANOS_PER_MILLI, driver.counters().datagramsReceived,
                driver.counters().datagramsSent));
    }

    public Sample latest() {
        return latest;
    }
}
