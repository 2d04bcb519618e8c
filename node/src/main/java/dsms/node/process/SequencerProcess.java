package dsms.node.process;

import dsms.protocol.codec.DatagramFormat;
import dsms.protocol.message.NodeId;
import dsms.protocol.sequencer.Sequencer;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sequencer process: the sequencer role over UDP. */
public final class SequencerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SequencerProcess.class);
    /** The sequencer's first epoch; a standby taking over would use a higher one. */
    static final long FIRST_EPOCH = 1;
    static final long TICK_INTERVAL_NS = 1_000_000L;

    private SequencerProcess() {}

    public static void run(ClusterLayout layout, EpochClock clock) throws IOException {
        NodeId id = NodeId.sequencer(0);
        Sequencer sequencer = new Sequencer(id, layout.shape(), layout.sequencerConfig(), FIRST_EPOCH,
                DatagramFormat::encodedLengthBytes);
        try (UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(id))) {
            NodeDriver driver = new NodeDriver(sequencer, endpoint, layout.newCodec(), layout.addressBook(),
                    new NodeDriver.EffectListener() {}, clock::nowNs, TICK_INTERVAL_NS);
            Runtime.getRuntime().addShutdownHook(new Thread(driver::stop, "sequencer-shutdown"));
            LOG.info("sequencer listening on {} for {} replicas in {} mode", endpoint.localAddress(),
                    layout.shape().replicaCount(), layout.shape().failureMode());
            driver.run();
        }
    }
}
