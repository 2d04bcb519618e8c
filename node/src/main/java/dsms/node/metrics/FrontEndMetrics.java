package dsms.node.metrics;

import dsms.node.http.RequestObserver;
import dsms.node.http.Routes;
import dsms.node.process.FrontEndSampler;
import dsms.node.process.FrontEndSampler.Sample;
import dsms.node.process.ReplicaObserver;
import dsms.node.stream.StreamServer;
import dsms.protocol.codec.Rejection;
import dsms.protocol.frontend.FrontEndStats;
import dsms.protocol.message.NodeId;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The front end's Prometheus metrics, served at {@code /metrics}: request rate and latency per
 * operation and answer code, vote outcomes, the role's retry and fault-report counters, per-replica
 * progress and fault counts, and rejected datagrams. Counters the loop thread owns are read from
 * {@link FrontEndSampler} snapshots, never from the loop's fields directly.
 */
public final class FrontEndMetrics implements RequestObserver, Routes {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * Timers by operation, then by code; both come from fixed sets, so this stays small. Two
     * lookups with the caller's strings instead of one with a key built per operation.
     */
    private final Map<String, Map<String, Timer>> requestTimers = new ConcurrentHashMap<>();

    public FrontEndMetrics(FrontEndSampler sampler, ReplicaObserver observer) {
        bindOutcomes(sampler);
        bindRoleCounters(sampler);
        bindReplicas(observer);
        bindRejections(sampler);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, context -> context.contentType(CONTENT_TYPE).result(registry.scrape()));
    }

    /**
     * The stream protocol's connections and batches (its operations are counted with every other
     * path's in {@code dsms_http_requests}); the counters are written by the loop thread alone.
     */
    public void bindStream(StreamServer.Counters stream) {
        Gauge.builder("dsms.stream.connections.open", stream, c -> c.connectionsOpen)
                .description("stream protocol connections open").register(registry);
        FunctionCounter.builder("dsms.stream.connections.accepted", stream, c -> c.connectionsAccepted)
                .description("stream protocol connections accepted").register(registry);
        FunctionCounter.builder("dsms.stream.connections.refused", stream, c -> c.connectionsRefused)
                .description("stream protocol connections refused: the front end served the most it serves").register(registry);
        FunctionCounter.builder("dsms.stream.batches", stream, c -> c.batches)
                .description("batches submitted over the stream protocol").register(registry);
        FunctionCounter.builder("dsms.stream.batches.refused", stream, c -> c.batchesRefused)
                .description("batches refused whole over the stream protocol (malformed)").register(registry);
        FunctionCounter.builder("dsms.stream.goodbyes", stream, c -> c.goodbyes)
                .description("stream protocol connections closed for breaking the protocol").register(registry);
        FunctionCounter.builder("dsms.stream.frame.failures", stream, c -> c.frameFailures)
                .description("stream frames whose serving failed with a bug in the front end (each closed its connection)")
                .register(registry);
    }

    /** The text a Prometheus scrape gets. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void finished(String operation, String code, long latencyNs) {
        finished(operation, code, latencyNs, 1);
    }

    @Override
    public void finished(String operation, String code, long latencyNs, int count) {
        Timer timer = requestTimers.computeIfAbsent(operation, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(code, name -> Timer.builder("dsms.http.requests")
                        .description("operation requests by operation and answer code, from arrival to answer")
                        .tag("operation", operation)
                        .tag("code", code)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry));
        for (int recorded = 0; recorded < count; recorded++) {
            timer.record(latencyNs, TimeUnit.NANOSECONDS);
        }
    }

    private void bindOutcomes(FrontEndSampler sampler) {
        Map<String, ToLongFunction<FrontEndStats>> outcomes = Map.of(
                "AGREED", FrontEndStats::answeredAgreed,
                "NO_QUORUM", FrontEndStats::answeredNoQuorum,
                "TIMED_OUT", FrontEndStats::answeredTimedOut,
                "OVERLOADED", FrontEndStats::answeredOverloaded);
        outcomes.forEach((outcome, read) -> FunctionCounter.builder("dsms.frontend.outcomes", sampler,
                        s -> read.applyAsLong(s.latest().stats()))
                .description("how the front end finished requests: the vote's outcome")
                .tag("outcome", outcome)
                .register(registry));
    }

    private void bindRoleCounters(FrontEndSampler sampler) {
        counter(sampler, "dsms.frontend.requests.accepted", "requests the front end took on",
                FrontEndStats::requestsAccepted);
        counter(sampler, "dsms.frontend.requests.refused", "requests refused: front end full, duplicate or too large",
                FrontEndStats::requestsRefused);
        counter(sampler, "dsms.frontend.client.requests.resent", "requests sent to the sequencer again (retransmissions)",
                FrontEndStats::clientRequestsResent);
        counter(sampler, "dsms.frontend.result.requests.sent", "results asked for again from silent replicas",
                FrontEndStats::resultRequestsSent);
        counter(sampler, "dsms.frontend.crash.suspicions.sent", "crash suspicions reported to the managers",
                FrontEndStats::crashSuspicionsSent);
        counter(sampler, "dsms.frontend.verdicts.sent", "result verdicts sent to the managers (byzantine mode)",
                FrontEndStats::verdictsSent);
        counter(sampler, "dsms.frontend.collections.cut.short", "answered requests that stopped collecting early",
                FrontEndStats::collectionsCutShort);
        counter(sampler, "dsms.frontend.invalid.results", "replica responses that contradicted themselves",
                FrontEndStats::invalidResults);
        counter(sampler, "dsms.frontend.messages.ignored", "messages about requests no longer in progress",
                FrontEndStats::messagesIgnored);
        Gauge.builder("dsms.frontend.requests.unanswered", sampler, s -> s.latest().requestsUnanswered())
                .description("requests waiting for an answer").register(registry);
        Gauge.builder("dsms.frontend.requests.collecting", sampler, s -> s.latest().requestsCollecting())
                .description("answered requests still collecting results").register(registry);
        Gauge.builder("dsms.frontend.result.timeout", sampler, s -> s.latest().resultTimeoutMs() / 1_000.0)
                .description("the adaptive result timeout").baseUnit("seconds").register(registry);
    }

    private void counter(FrontEndSampler sampler, String name, String description, ToLongFunction<FrontEndStats> read) {
        FunctionCounter.builder(name, sampler, s -> read.applyAsLong(s.latest().stats()))
                .description(description)
                .register(registry);
    }

    private void bindReplicas(ReplicaObserver observer) {
        for (int index = 0; index < observer.replicaCount(); index++) {
            int replica = index;
            String name = NodeId.replicaName(replica);
            Gauge.builder("dsms.replica.last.sequence", observer, o -> o.lastSequence(replica))
                    .description("the highest sequence number the replica answered").tag("replica", name).register(registry);
            Gauge.builder("dsms.replica.lag", observer, o -> o.lag(replica))
                    .description("sequence numbers the replica is behind the most advanced one").tag("replica", name)
                    .register(registry);
            Gauge.builder("dsms.replica.up", observer, o -> o.looksDown(replica) ? 0 : 1)
                    .description("1 unless the replica is behind and silent").tag("replica", name).register(registry);
            FunctionCounter.builder("dsms.replica.crash.suspicions", observer, o -> o.crashSuspicions(replica))
                    .description("crash suspicions reported about the replica").tag("replica", name).register(registry);
            FunctionCounter.builder("dsms.replica.results.wrong", observer, o -> o.wrongResults(replica))
                    .description("results that differed from the agreed one (mismatches)").tag("replica", name)
                    .register(registry);
            FunctionCounter.builder("dsms.replica.results.missing", observer, o -> o.missingResults(replica))
                    .description("agreed requests the replica did not answer in time").tag("replica", name)
                    .register(registry);
        }
    }

    private void bindRejections(FrontEndSampler sampler) {
        FunctionCounter.builder("dsms.datagrams.received", sampler, s -> s.latest().datagramsReceived())
                .description("datagrams the front end received").register(registry);
        FunctionCounter.builder("dsms.datagrams.sent", sampler, s -> s.latest().datagramsSent())
                .description("datagrams the front end sent").register(registry);
        for (Rejection reason : Rejection.values()) {
            FunctionCounter.builder("dsms.datagrams.rejected", sampler, s -> rejected(s.latest(), reason))
                    .description("datagrams dropped by the codec, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private static long rejected(Sample sample, Rejection reason) {
        return sample.rejections().getOrDefault(reason, 0L);
    }
}
