package dsms.node.process;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.storage.WriteAheadLog;
import dsms.protocol.Delivery;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.replica.Replica;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica process: the replica role over UDP, its share market, its write-ahead log and its
 * audit logs. On start it replays its own log, so a restarted replica recovers its state and then
 * catches up on what it missed from the sequencer.
 *
 * <p>Durability: every delivered entry is appended to the log before the cycle's results leave;
 * with the default fsync policy the log is forced to disk first (group commit: one force per
 * cycle), so no result leaves a replica before its entry is durable.
 */
public final class ReplicaProcess implements NodeDriver.EffectListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaProcess.class);
    /** Replayed entries go to the replica in batches no larger than its holdback queue. */
    private static final int REPLAY_BATCH_ENTRIES_MAX = 1_024;
    static final long TICK_INTERVAL_NS = 1_000_000L;

    private final ClusterLayout layout;
    private final int index;
    private final EntryLog entryLog;
    private final AuditFiles audit;
    private final boolean forceToDisk;
    private final ReplayAwareAudit replicaAudit;
    private final FaultInjectingService service;
    private final Replica<FaultInjectingService> replica;
    private final Path byzantineFlag;
    private long nextFaultCheckNs;

    public ReplicaProcess(ClusterLayout layout, int index) throws IOException {
        this.layout = layout;
        this.index = index;
        Path dataDirectory = layout.dataDirectory(index);
        this.entryLog = new EntryLog(WriteAheadLog.open(dataDirectory.resolve("wal")), layout.newCodec(),
                NodeId.replica(index));
        this.audit = new AuditFiles(dataDirectory.resolve("audit"));
        this.forceToDisk = layout.config().fsync() == FsyncPolicy.ALWAYS;
        this.replicaAudit = new ReplayAwareAudit(audit);
        this.service = new FaultInjectingService(new MarketService());
        this.byzantineFlag = FaultFlags.byzantineFlag(dataDirectory);
        this.replica = new Replica<>(NodeId.replica(index), layout.shape(), layout.replicaConfig(), service,
                replicaAudit);
    }

    /** Replays the log, then runs the event loop until the process is stopped. */
    public void run(EpochClock clock) throws IOException {
        WriteAheadLog.RecoveryReport recovery = entryLog.log().recovery();
        if (recovery.repaired()) {
            LOG.warn("replica {}: cut a torn log tail ({} bytes, {} segments); peers supply the rest",
                    NodeId.replicaName(index), recovery.truncatedBytes(), recovery.discardedSegments());
        }
        long replayed = replay(clock.nowNs());
        LOG.info("replica {} started: replayed {} log entries, last sequence {}", NodeId.replicaName(index), replayed,
                replica.lastDeliveredSequence());
        try (UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(NodeId.replica(index)))) {
            NodeDriver driver = new NodeDriver(replica, endpoint, layout.newCodec(), layout.addressBook(), this,
                    clock::nowNs, TICK_INTERVAL_NS);
            Runtime.getRuntime().addShutdownHook(new Thread(driver::stop, "replica-shutdown"));
            driver.run();
        } finally {
            entryLog.commit(true);
            entryLog.log().close();
            audit.close();
        }
    }

    /**
     * Feeds the replica its own log, as the sequencer once sent it. Results and deliveries of the
     * replay are dropped: the front end already has them, and the entries are already logged.
     * Audit lines were written when the entries were first delivered, so the replay writes none.
     */
    private long replay(long nowNs) throws IOException {
        List<OrderedEntry> entries = entryLog.read(0);
        Replica<FaultInjectingService> replaying = replica;
        RecordingOutbox discarded = new RecordingOutbox();
        replaying.onTick(nowNs, discarded);
        replicaAudit.replaying = true;
        for (int from = 0; from < entries.size(); from += REPLAY_BATCH_ENTRIES_MAX) {
            List<OrderedEntry> batch = entries.subList(from, Math.min(entries.size(), from + REPLAY_BATCH_ENTRIES_MAX));
            replaying.onMessage(NodeId.sequencer(0), new OrderedBatch(batch), discarded);
            discarded.clear();
        }
        replicaAudit.replaying = false;
        return entries.size();
    }

    @Override
    public void delivered(Delivery delivery) {
        try {
            entryLog.append(delivery.entry());
        } catch (IOException e) {
            // A replica that cannot log must not answer: stop, and let the manager restart it.
            throw new UncheckedIOException("cannot append to the log", e);
        }
    }

    @Override
    public void beforeSend() {
        audit.flush();
        try {
            entryLog.commit(forceToDisk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the log durable", e);
        }
    }

    @Override
    public void afterCycle(long nowNs) {
        if (nowNs < nextFaultCheckNs) {
            return;
        }
        nextFaultCheckNs = nowNs + FaultFlags.CHECK_INTERVAL_NS;
        boolean wanted = layout.config().faultInjection() && java.nio.file.Files.exists(byzantineFlag);
        if (wanted != service.isByzantine()) {
            service.setByzantine(wanted);
            LOG.warn("replica {}: fault injection {}", NodeId.replicaName(index),
                    wanted ? "on: returning wrong results" : "off: healed");
        }
    }

    /** Passes audit lines to the files, except while the log is replayed: those were written. */
    private static final class ReplayAwareAudit implements AuditSink {
        private final AuditFiles files;
        private boolean replaying;

        ReplayAwareAudit(AuditFiles files) {
            this.files = files;
        }

        @Override
        public boolean isEnabled() {
            return !replaying;
        }

        @Override
        public void record(String logName, String line) {
            if (!replaying) {
                files.record(logName, line);
            }
        }
    }
}
