package dsms.node.process;

import dsms.node.config.ClusterConfig;
import dsms.node.http.HttpApi;
import dsms.node.security.ApiKeys;
import dsms.protocol.frontend.FrontEnd;
import dsms.protocol.message.NodeId;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import io.javalin.Javalin;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The front end process: the front end role over UDP, and the HTTP API clients use. */
public final class FrontEndProcess {
    private static final Logger LOG = LoggerFactory.getLogger(FrontEndProcess.class);
    static final long TICK_INTERVAL_NS = 1_000_000L;
    /** A replica that answered nothing for this long while others answered is shown DOWN. */
    static final long SILENT_NS_MAX = 2_000_000_000L;

    private FrontEndProcess() {}

    public static void run(ClusterLayout layout, EpochClock clock) throws IOException {
        ClusterConfig config = layout.config();
        FrontEnd frontEnd = new FrontEnd(NodeId.frontEnd(0), layout.shape(), layout.frontEndConfig());
        ReplicaObserver observer = new ReplicaObserver(frontEnd, layout.shape().replicaCount());
        FrontEndGateway gateway = new FrontEndGateway(frontEnd);
        try (UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(NodeId.frontEnd(0)))) {
            NodeDriver driver = new NodeDriver(observer, endpoint, layout.newCodec(), layout.addressBook(), gateway,
                    clock::nowNs, TICK_INTERVAL_NS);
            gateway.attach(driver);
            long clientId = new SecureRandom().nextLong() & Long.MAX_VALUE;
            HttpApi api = new HttpApi(gateway, new ApiKeys(config.secret()), () -> status(layout, observer),
                    config.timeouts().requestMsMax() + 1_000, clientId);
            Javalin http = api.start(config.frontEnd().host(), config.frontEnd().httpPort());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                driver.stop();
                http.stop();
            }, "front-end-shutdown"));
            LOG.info("front end serving http://{}:{}/ ({} mode, {} replicas)", config.frontEnd().host(),
                    config.frontEnd().httpPort(), layout.shape().failureMode(), layout.shape().replicaCount());
            driver.run();
        }
    }

    /** The cluster as this front end sees it, in the shape {@code dsms status --json} prints. */
    static Map<String, Object> status(ClusterLayout layout, ReplicaObserver observer) {
        long highest = 0;
        for (int index = 0; index < observer.replicaCount(); index++) {
            highest = Math.max(highest, observer.lastSequence(index));
        }
        List<Map<String, Object>> replicas = new ArrayList<>();
        for (int index = 0; index < observer.replicaCount(); index++) {
            long lastSequence = observer.lastSequence(index);
            boolean behind = lastSequence < highest;
            boolean silent = observer.nowNs() - observer.lastResultNs(index) > SILENT_NS_MAX;
            Map<String, Object> replica = new LinkedHashMap<>();
            replica.put("id", NodeId.replicaName(index));
            replica.put("status", behind && silent ? "DOWN" : "UP");
            replica.put("lastSeq", lastSequence);
            replica.put("lag", highest - lastSequence);
            replica.put("wrongResults", observer.wrongResults(index));
            replica.put("crashSuspicions", observer.crashSuspicions(index));
            replicas.add(replica);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", layout.shape().failureMode().name().toLowerCase(Locale.ROOT));
        status.put("replicas", replicas);
        return status;
    }
}
