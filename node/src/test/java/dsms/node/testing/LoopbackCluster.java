package dsms.node.testing;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.node.config.ClusterConfig;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ClusterConfig.FrontEndConfig;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.config.ClusterConfig.ReplicaConfig;
import dsms.node.config.ClusterConfig.SequencerConfig;
import dsms.node.config.ConfigWriter;
import dsms.node.process.ClusterLayout;
import dsms.node.process.EpochClock;
import dsms.node.process.FrontEndServer;
import dsms.node.security.ApiKeys;
import dsms.protocol.codec.DatagramFormat;
import dsms.protocol.message.NodeId;
import dsms.protocol.replica.Replica;
import dsms.protocol.sequencer.Sequencer;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole cluster in this JVM on loopback UDP: the sequencer and the replicas (in memory, no
 * managers) on their own event loops, and a real {@link FrontEndServer} with its HTTP API on a free
 * port. Fast to start, so HTTP and CLI tests run against a live front end without packaging.
 */
public final class LoopbackCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final long TICK_INTERVAL_NS = 1_000_000L;

    private final ClusterLayout layout;
    private final EpochClock clock = new EpochClock();
    private final List<Loop> replicas = new ArrayList<>();
    private Loop sequencer;
    private FrontEndServer frontEnd;
    private Thread frontEndThread;

    private LoopbackCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    /**
     * Attempts at starting a cluster. Its UDP ports are found free first and bound later, so
     * another process on the machine may take one in between; a new set of ports then does.
     */
    private static final int START_ATTEMPTS_MAX = 5;

    /** Starts a cluster of {@code replicaCount} replicas; the caller closes it. */
    public static LoopbackCluster start(FailureMode mode, int replicaCount) throws IOException {
        for (int attempt = 1; ; attempt++) {
            LoopbackCluster cluster = new LoopbackCluster(new ClusterLayout(config(mode, replicaCount),
                    Path.of("loopback-cluster.conf")));
            try {
                cluster.startAll();
                return cluster;
            } catch (IOException | RuntimeException e) {
                cluster.close();
                if (attempt == START_ATTEMPTS_MAX || !causedByBinding(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean causedByBinding(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static ClusterConfig config(FailureMode mode, int replicaCount) {
        // Every probe socket stays open until all ports are chosen, so no port is chosen twice.
        List<DatagramSocket> probes = new ArrayList<>();
        try {
            List<ReplicaConfig> replicas = new ArrayList<>();
            for (int index = 0; index < replicaCount; index++) {
                replicas.add(new ReplicaConfig(
                        NodeId.replicaName(index), HOST, freeUdpPort(probes), freeUdpPort(probes), null));
            }
            return new ClusterConfig(mode, ConfigWriter.newSecret(new SecureRandom()), false, FsyncPolicy.NEVER,
                    new FrontEndConfig(HOST, 0, freeUdpPort(probes), null),
                    new SequencerConfig(HOST, freeUdpPort(probes)), replicas, null);
        } finally {
            probes.forEach(DatagramSocket::close);
        }
    }

    private void startAll() throws IOException {
        NodeId sequencerId = NodeId.sequencer(0);
        sequencer = Loop.start(layout, clock, new Sequencer(sequencerId, layout.shape(), layout.sequencerConfig(), 1,
                DatagramFormat::encodedLengthBytes));
        for (int index = 0; index < layout.shape().replicaCount(); index++) {
            replicas.add(Loop.start(layout, clock, new Replica<>(NodeId.replica(index), layout.shape(),
                    layout.replicaConfig(), new MarketService(), AuditSink.NONE)));
        }
        frontEnd = FrontEndServer.start(layout, clock, HOST, 0, 0);
        frontEndThread = new Thread(() -> {
            try {
                frontEnd.runLoop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "test-front-end-loop");
        frontEndThread.start();
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + frontEnd.httpPort();
    }

    /** The stream protocol's address. */
    public InetSocketAddress streamAddress() {
        try {
            return new InetSocketAddress(HOST, frontEnd.streamPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys of this cluster's users. */
    public ApiKeys keys() {
        return new ApiKeys(layout.config().secret());
    }

    public String keyOf(String userId) {
        return keys().issue(userId);
    }

    public ClusterLayout layout() {
        return layout;
    }

    /** The front end's UDP address, where tests send stray datagrams. */
    public InetSocketAddress frontEndUdpAddress() {
        return layout.addressOf(NodeId.frontEnd(0));
    }

    /** Stops replica {@code index} as a crash would: its loop ends, its port goes silent. */
    public void crashReplica(int index) {
        replicas.get(index).stop();
    }

    /** Stops the sequencer as a crash would: nothing is ordered any more, so requests wait and time out. */
    public void crashSequencer() {
        sequencer.stop();
    }

    @Override
    public void close() {
        if (frontEnd != null) {
            frontEnd.close();
            Loop.join(frontEndThread);
        }
        replicas.forEach(Loop::stop);
        if (sequencer != null) {
            sequencer.stop();
        }
    }

    /** A free UDP port, held by a socket added to {@code probes} until the caller closes them. */
    private static int freeUdpPort(List<DatagramSocket> probes) {
        try {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(HOST));
            probes.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }

    /** One role on its own event loop thread. */
    private record Loop(NodeDriver driver, UdpEndpoint endpoint, Thread thread) {
        static Loop start(ClusterLayout layout, EpochClock clock, dsms.protocol.ProtocolRole role) throws IOException {
            UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(role.id()));
            NodeDriver driver = new NodeDriver(role, endpoint, layout.newCodec(), layout.addressBook(),
                    new NodeDriver.EffectListener() {}, clock::nowNs, TICK_INTERVAL_NS);
            Thread thread = new Thread(driver, "test-" + role.id());
            thread.setDaemon(true);
            thread.start();
            return new Loop(driver, endpoint, thread);
        }

        void stop() {
            driver.stop();
            join(thread);
            try {
                endpoint.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void join(Thread thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 5 s");
            }
        }
    }
}
