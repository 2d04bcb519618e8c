package dsms.node.process;

import dsms.node.config.ClusterConfig;
import dsms.node.http.BatchIntake;
import dsms.node.http.BinaryBatches;
import dsms.node.http.DashboardAssets;
import dsms.node.http.EventStream;
import dsms.node.http.HttpApi;
import dsms.node.http.HttpServer;
import dsms.node.http.RequestObserver;
import dsms.node.metrics.FrontEndMetrics;
import dsms.node.metrics.RecentTraffic;
import dsms.node.security.ApiKeys;
import dsms.node.stream.StreamServer;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.message.NodeId;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A front end wired together: the front end role on its UDP event loop, the HTTP API, the
 * dashboard and its event stream, and the metrics. A reporter thread samples the loop's counters
 * and pushes the status to the dashboards every {@link #REPORT_INTERVAL_MS}.
 */
public final class FrontEndServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrontEndServer.class);
    static final long TICK_INTERVAL_NS = 1_000_000L;
    /** Often enough that a crash shows on the dashboard well within a second. */
    static final long REPORT_INTERVAL_MS = 250;
    /** A report in progress at stop finishes within this, or is abandoned. */
    static final long REPORT_STOP_MS_MAX = 5_000;

    private final UdpEndpoint endpoint;
    private final NodeDriver driver;
    private final Javalin http;
    private final ScheduledExecutorService reporter;
    private final FrontEndGateway gateway;
    /** The stream protocol's server, or null when the config gives it no port. */
    private final StreamServer stream;

    private FrontEndServer(UdpEndpoint endpoint, NodeDriver driver, Javalin http, ScheduledExecutorService reporter,
            FrontEndGateway gateway, StreamServer stream) {
        this.endpoint = endpoint;
        this.driver = driver;
        this.http = http;
        this.reporter = reporter;
        this.gateway = gateway;
        this.stream = stream;
    }

    /**
     * Binds the front end's UDP port, starts HTTP on {@code httpHost:httpPort} and, unless {@code
     * streamPort} is null, the stream protocol on {@code httpHost:streamPort} (0 picks a free port
     * for either); the event loop runs when the caller calls {@link #runLoop()}.
     */
    public static FrontEndServer start(ClusterLayout layout, EpochClock clock, String httpHost, int httpPort,
            Integer streamPort) throws IOException {
        ClusterConfig config = layout.config();
        FrontEnd frontEnd = new FrontEnd(NodeId.frontEnd(0), layout.shape(), layout.frontEndConfig());
        ReplicaObserver observer = new ReplicaObserver(frontEnd, layout.shape().replicaCount());
        FrontEndGateway gateway = new FrontEndGateway(frontEnd);
        UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(NodeId.frontEnd(0)));
        NodeDriver driver = new NodeDriver(observer, endpoint, layout.newCodec(), layout.addressBook(), gateway,
                clock::nowNs, TICK_INTERVAL_NS);
        gateway.attach(driver);
        FrontEndSampler sampler = new FrontEndSampler(frontEnd, driver);
        RecentTraffic traffic = new RecentTraffic(clock::nowNs);
        FrontEndMetrics metrics = new FrontEndMetrics(sampler, observer);
        StatusReport status = new StatusReport(layout, observer, sampler, traffic);
        EventStream events = new EventStream(status::build);
        long clientId = new SecureRandom().nextLong() & Long.MAX_VALUE;
        BatchIntake intake = new BatchIntake(clientId);
        RequestObserver requests = new RequestObserver() {
            @Override
            public void finished(String operation, String code, long latencyNs) {
                finished(operation, code, latencyNs, 1);
            }

            @Override
            public void finished(String operation, String code, long latencyNs, int count) {
                metrics.finished(operation, code, latencyNs, count);
                traffic.finished(operation, code, latencyNs, count);
            }
        };
        ApiKeys keys = new ApiKeys(config.secret());
        HttpApi api = new HttpApi(gateway, keys, status::build, config.timeouts().requestMsMax() + 1_000, intake, requests);
        StreamServer stream = null;
        if (streamPort != null) {
            try {
                stream = StreamServer.open(new InetSocketAddress(httpHost, streamPort), driver, keys,
                        new BinaryBatches(gateway, intake, requests));
                metrics.bindStream(stream.counters());
            } catch (IOException | RuntimeException e) {
                endpoint.close();
                throw e;
            }
        }
        Javalin http;
        try {
            http = HttpServer.start(httpHost, httpPort, List.of(api, events, metrics, new DashboardAssets()));
        } catch (RuntimeException e) {
            endpoint.close();
            if (stream != null) {
                stream.close();
            }
            throw e;
        }
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "front-end-reporter");
            thread.setDaemon(true);
            return thread;
        });
        reporter.scheduleAtFixedRate(() -> report(sampler, traffic, events), REPORT_INTERVAL_MS, REPORT_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        return new FrontEndServer(endpoint, driver, http, reporter, gateway, stream);
    }

    private static void report(FrontEndSampler sampler, RecentTraffic traffic, EventStream events) {
        // An exception would cancel every later report: log it and carry on with the next one.
        try {
            sampler.requestSample();
            traffic.roll();
            events.publish();
        } catch (RuntimeException e) {
            LOG.warn("front end status report failed", e);
        }
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return http.port();
    }

    /** The stream protocol's port actually bound, or -1 when it is off. */
    public int streamPort() throws IOException {
        return stream == null ? -1 : stream.port();
    }

    /**
     * Runs the event loop on the calling thread until {@link #close()}; then closes the stream's
     * connections and releases the ports.
     */
    public void runLoop() throws IOException {
        try {
            driver.run();
        } finally {
            if (stream != null) {
                stream.close();
            }
            endpoint.close();
        }
    }

    /** Stops reporting, HTTP and the loop; {@link #runLoop()} returns soon after. */
    @Override
    public void close() {
        // Reporting ends first: a status push racing the server's stop writes to connections
        // Jetty is tearing down, and each failed write is logged as an uncaught exception.
        reporter.shutdown();
        try {
            if (!reporter.awaitTermination(REPORT_STOP_MS_MAX, TimeUnit.MILLISECONDS)) {
                LOG.warn("the status reporter did not stop within {} ms", REPORT_STOP_MS_MAX);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop();
        driver.stop();
        gateway.close();
    }
}
