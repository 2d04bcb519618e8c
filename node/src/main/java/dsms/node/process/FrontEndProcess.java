package dsms.node.process;

import dsms.node.config.ClusterConfig;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The front end process: a {@link FrontEndServer} where the cluster config places it. */
public final class FrontEndProcess {
    private static final Logger LOG = LoggerFactory.getLogger(FrontEndProcess.class);

    private FrontEndProcess() {}

    public static void run(ClusterLayout layout, EpochClock clock) throws IOException {
        ClusterConfig config = layout.config();
        FrontEndServer server = FrontEndServer.start(layout, clock, config.frontEnd().host(), config.frontEnd().httpPort(),
                config.frontEnd().streamPort());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "front-end-shutdown"));
        LOG.info("front end serving http://{}:{}/ ({} mode, {} replicas){}", config.frontEnd().host(),
                config.frontEnd().httpPort(), layout.shape().failureMode(), layout.shape().replicaCount(),
                config.frontEnd().streamPort() == null ? "" : ", the stream protocol on port " + config.frontEnd().streamPort());
        server.runLoop();
    }
}
