package dsms.node.process;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.storage.SnapshotStore;
import dsms.node.storage.WriteAheadLog;
import dsms.protocol.Checkpoint;
import dsms.protocol.CheckpointEvent;
import dsms.protocol.Delivery;
import dsms.protocol.RecordingOutbox;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.ReplicaStatus;
import dsms.protocol.replica.RecoveryStats;
import dsms.protocol.replica.Replica;
import dsms.protocol.replica.RestoreOutcome;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica process: the replica role over UDP, its share market, its write-ahead log, its
 * snapshots and its audit logs.
 *
 * <p>Starting: a replica its manager replaced (a marker file says so) starts empty and takes its
 * state from peers; any other replica restores its newest snapshot and replays its log after it,
 * then catches up on what it missed from the sequencer or, when that is gone, from peers.
 *
 * <p>Durability: every delivered entry is appended to the log before the cycle's results leave;
 * with the default fsync policy the cycle's results wait until a forcer thread has forced the log
 * (group commit, while the loop goes on), so no result leaves a replica before its entry is
 * durable. Checkpoints are saved as snapshots, at most one a second, and the log behind each
 * saved one is deleted.
 */
public final class ReplicaProcess implements NodeDriver.EffectListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaProcess.class);
    static final long TICK_INTERVAL_NS = 1_000_000L;
    /** How often the replica tells the front end its progress and checkpoint digest. */
    static final long REPORT_INTERVAL_NS = 250_000_000L;
    /** The shortest time between two snapshot saves; see {@link SnapshotWriter}. */
    static final long SNAPSHOT_SAVE_INTERVAL_NS_MIN = 1_000_000_000L;

    private final ClusterLayout layout;
    private final int index;
    private final String name;
    private final Path dataDirectory;
    private final EntryLog entryLog;
    private final SnapshotStore snapshots;
    private final SnapshotWriter snapshotWriter;
    private final AuditFiles audit;
    private final boolean forceToDisk;
    private final ReplayAwareAudit replicaAudit;
    private final FaultInjectingService service;
    private final Replica<FaultInjectingService> replica;
    private final Path byzantineFlag;
    private NodeDriver driver;
    private long nextFaultCheckNs;
    private long nextReportNs;
    /** When a state transfer began (System.nanoTime), to log its duration; 0 when none runs. */
    private long transferStartedNs;
    /** The replica's status after the previous cycle, to log its changes. */
    private ReplicaStatus lastStatus = ReplicaStatus.LIVE;
    /**
     * Milliseconds from the JVM's start to the start of {@link #run}, or from the manager's call
     * for a replica started as a standby ({@link Launcher#msSinceStartOrCall}).
     */
    private long jvmStartMs;
    /** Whether this replica was started as a standby and then called by its manager. */
    private boolean calledFromStandby;
    /** A checkpoint was taken this cycle: the audit lines are written at its end whether due or not. */
    private boolean auditWriteOwed;

    public ReplicaProcess(ClusterLayout layout, int index) throws IOException {
        this.layout = layout;
        this.index = index;
        this.name = NodeId.replicaName(index);
        this.dataDirectory = layout.dataDirectory(index);
        this.entryLog = new EntryLog(WriteAheadLog.open(dataDirectory.resolve("wal")), layout.newCodec(),
                NodeId.replica(index));
        this.snapshots = new SnapshotStore(dataDirectory.resolve("snapshots"));
        // Replicas on one machine take turns, a third of the interval apart with three.
        this.snapshotWriter = new SnapshotWriter(snapshots, name, SNAPSHOT_SAVE_INTERVAL_NS_MIN,
                index * SNAPSHOT_SAVE_INTERVAL_NS_MIN / layout.shape().replicaCount(), System::nanoTime);
        this.audit = new AuditFiles(dataDirectory.resolve("audit"), new AuditWriteback("audit-writeback-" + name));
        this.forceToDisk = layout.config().fsync() == FsyncPolicy.ALWAYS;
        this.replicaAudit = new ReplayAwareAudit(audit);
        this.service = new FaultInjectingService(new MarketService());
        this.byzantineFlag = FaultFlags.byzantineFlag(dataDirectory);
        this.replica = new Replica<>(NodeId.replica(index), layout.shape(), layout.replicaConfig(),
                layout.recoveryConfig(), service, replicaAudit);
    }

    /**
     * Recovers the state, then runs the event loop until the process is stopped; with {@code
     * exitAfterStart}, returns once the endpoint is open instead (a class-data training run).
     */
    public void run(EpochClock clock, boolean exitAfterStart) throws IOException {
        // How long the JVM (or, for a standby, the call) took to get here, for the recovery
        // figures the start-up lines report.
        jvmStartMs = Launcher.msSinceStartOrCall();
        calledFromStandby = Launcher.wasCalled();
        RecordingOutbox discarded = new RecordingOutbox();
        replica.onTick(clock.nowNs(), discarded);
        if (Files.exists(FaultFlags.replacedMarker(dataDirectory))) {
            replica.startStateTransfer();
            transferStartedNs = System.nanoTime();
            LOG.info("replica {} started empty after its replacement ({} ms after {}): taking its state from peers", name,
                    jvmStartMs, calledFromStandby ? "its manager called it from standby" : "its JVM started");
        } else {
            recoverOwnState(discarded);
        }
        try (UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(NodeId.replica(index)))) {
            driver = new NodeDriver(replica, endpoint, layout.newCodec(), layout.addressBook(), this, clock::nowNs,
                    TICK_INTERVAL_NS);
            entryLog.onForced(driver::wakeUp);
            if (exitAfterStart) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(driver::stop, "replica-shutdown"));
            driver.run();
        } finally {
            closeSnapshotWriter();
            entryLog.close();
            audit.close();
        }
    }

    /**
     * Restores the newest snapshot and replays the log after it, as the entries were once
     * delivered. Results and deliveries of the replay are dropped: the front end already has the
     * results (and asks again for any it lacks), and the entries are already logged. Audit lines
     * were written when the entries were first delivered, except those still in memory when the
     * process died: the replay writes the lines its files lack ({@link AuditFiles#recordReplayed}).
     */
    private void recoverOwnState(RecordingOutbox discarded) throws IOException {
        WriteAheadLog.RecoveryReport repair = entryLog.log().recovery();
        if (repair.repaired()) {
            LOG.warn("replica {}: cut a torn or corrupt log tail ({} bytes, {} segments); peers supply the rest", name,
                    repair.truncatedBytes(), repair.discardedSegments());
        }
        long firstToReplay = 0;
        long startedNs = System.nanoTime();
        Optional<SnapshotStore.StoredSnapshot> snapshot = snapshots.loadNewest();
        long snapshotReadNs = System.nanoTime();
        if (snapshot.isPresent()) {
            if (replica.restoreCheckpoint(snapshot.get().payload()) == RestoreOutcome.RESTORED) {
                firstToReplay = snapshot.get().sequence() + 1;
            } else {
                LOG.warn("replica {}: snapshot {} does not restore; replaying the whole log", name, snapshot.get().sequence());
            }
        }
        long restoredNs = System.nanoTime();
        List<OrderedEntry> entries = entryLog.read(firstToReplay);
        long logReadNs = System.nanoTime();
        replicaAudit.replaying = true;
        for (OrderedEntry entry : entries) {
            replicaAudit.replayedSequence = entry.sequence();
            replica.replay(entry, discarded);
            discarded.clear();
        }
        replicaAudit.replaying = false;
        long replayedNs = System.nanoTime();
        LOG.info("replica {} started: snapshot at {}, replayed {} log entries (audit lines written again: {}), last"
                        + " sequence {}; {} {} ms, snapshot read {} ms, restore {} ms, log read {} ms, replay {} ms", name,
                firstToReplay == 0 ? "none" : Long.toString(firstToReplay - 1), entries.size(),
                audit.replayedLinesWritten(), replica.lastDeliveredSequence(), calledFromStandby ? "standby call" : "JVM start", jvmStartMs, millis(snapshotReadNs - startedNs),
                millis(restoredNs - snapshotReadNs), millis(logReadNs - restoredNs), millis(replayedNs - logReadNs));
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

    /**
     * A checkpoint the replica took goes to the snapshot writer, and the log is shortened once it
     * is on disk ({@link #afterCycle}). An installed one is saved here, before anything else: the
     * log restarts after it, so until it is on disk it is the only copy of the replica's state.
     */
    @Override
    public void checkpointed(CheckpointEvent event) {
        Checkpoint checkpoint = event.checkpoint();
        if (event.kind() == CheckpointEvent.Kind.TAKEN) {
            snapshotWriter.submit(checkpoint);
            // The log up to the checkpoint is deleted once it is saved, and with it the entries
            // whose audit lines a restart could write again: they are written at this cycle's end,
            // before the log can be shortened.
            auditWriteOwed = true;
            return;
        }
        try {
            long savingNs = System.nanoTime();
            awaitSnapshotWriter();
            entryLog.commit(true);
            // The log restarts after the installed checkpoint: the lines of the entries before it
            // could never be written again.
            audit.flush(replica.lastDeliveredSequence());
            snapshots.save(checkpoint.sequence(), checkpoint.bytes());
            // The installed state supersedes everything logged before; the log restarts after it.
            entryLog.log().clear();
            Files.deleteIfExists(FaultFlags.replacedMarker(dataDirectory));
            RecoveryStats stats = replica.recoveryStats();
            LOG.info("replica {} installed a checkpoint at sequence {} from its peers: {} bytes in {} ms (restore {} ms,"
                            + " save {} ms; {} chunk requests, {} queries), digest {}",
                    name, checkpoint.sequence(), checkpoint.bytes().length, millisSince(transferStartedNs),
                    millis(service.lastRestoreNs()), millisSince(savingNs), stats.chunkRequestsSent(),
                    stats.queriesSent(), checkpoint.digest().toHex());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + checkpoint.sequence(), e);
        }
    }

    /**
     * With the default fsync policy, has the log forced to disk in the background and holds the
     * cycle's sends until it is, so that no result leaves before its entry is durable, while the
     * loop goes on with the next entries. A recovering replica sends no results, only
     * acknowledgements of what it holds; it forces nothing until it is live again, when the first
     * commit forces every entry fetched meanwhile. An entry lost in a crash during recovery is
     * fetched from the peers again, as the rest of the transfer would be, and a recovery of many
     * thousand entries does not wait for a disk flush per datagram of them.
     */
    @Override
    public long beforeSend() {
        try {
            return entryLog.commitBeforeSend(forceToDisk && replica.status() == ReplicaStatus.LIVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the log durable", e);
        }
    }

    @Override
    public long durableThrough() {
        return entryLog.forcedTicket();
    }

    @Override
    public void awaitDurable(long ticket) {
        entryLog.awaitForced(ticket);
    }

    /**
     * Waits for the snapshot writer to finish, then forgets what it saved: the caller is about to
     * replace the log and the snapshots, and an older save must not shorten the new log.
     */
    private void awaitSnapshotWriter() {
        try {
            snapshotWriter.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the snapshot writer", e);
        }
        snapshotWriter.takeSaved();
    }

    private void closeSnapshotWriter() {
        try {
            snapshotWriter.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the audit lines waiting in memory once they are due, or at once after a checkpoint was
     * taken: after the cycle's results have left, so that writing them is in no answer's path.
     */
    private void writeAuditLines(long nowNs) {
        boolean owed = auditWriteOwed;
        auditWriteOwed = false;
        if (owed) {
            audit.flush(replica.lastDeliveredSequence());
        } else {
            audit.flushIfDue(nowNs, replica.lastDeliveredSequence());
        }
    }

    /** Shortens the log to what follows the newest checkpoint on disk. */
    private void truncateLogAfterSavedCheckpoint() {
        OptionalLong saved = snapshotWriter.takeSaved();
        if (saved.isPresent()) {
            try {
                entryLog.log().truncateBefore(saved.getAsLong() + 1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot shorten the log after checkpoint " + saved.getAsLong(), e);
            }
        }
    }

    @Override
    public void afterCycle(long nowNs) {
        writeAuditLines(nowNs);
        truncateLogAfterSavedCheckpoint();
        logStatusChange();
        if (nowNs >= nextReportNs) {
            nextReportNs = nowNs + REPORT_INTERVAL_NS;
            reportToFrontEnd();
        }
        if (nowNs >= nextFaultCheckNs) {
            nextFaultCheckNs = nowNs + FaultFlags.CHECK_INTERVAL_NS;
            checkFaultInjection();
            clearReplacedMarkerOnceLive();
        }
    }

    /** Tells the front end how far this replica got and the digest of its latest checkpoint. */
    private void reportToFrontEnd() {
        Checkpoint latest = replica.latestCheckpoint();
        CheckpointAnnouncement report = new CheckpointAnnouncement(latest.sequence(),
                Math.max(latest.sequence(), replica.lastDeliveredSequence()), latest.bytes().length, latest.digest());
        driver.execute(outbox -> outbox.send(NodeId.frontEnd(0), report));
    }

    /**
     * Logs when the replica starts or ends a state transfer, with how long the transfer took:
     * the recovery figures of a replaced replica come from these lines.
     */
    private void logStatusChange() {
        ReplicaStatus status = replica.status();
        if (status == lastStatus) {
            return;
        }
        if (status == ReplicaStatus.RECOVERING && transferStartedNs == 0) {
            transferStartedNs = System.nanoTime();
            LOG.info("replica {} fell behind what the sequencer still holds at sequence {}: taking state from peers", name,
                    replica.lastDeliveredSequence());
        } else if (status == ReplicaStatus.LIVE && lastStatus == ReplicaStatus.RECOVERING) {
            RecoveryStats stats = replica.recoveryStats();
            LOG.info("replica {} is live at sequence {}, {} ms after its state transfer began ({} entry requests,"
                            + " {} transfers abandoned: {} checkpoint fetches and {} entry catch-ups given up, {}"
                            + " checkpoints refused)", name, replica.lastDeliveredSequence(),
                    millisSince(transferStartedNs), stats.entryRequestsSent(), stats.transfersAbandoned(),
                    stats.checkpointFetchesGivenUp(), stats.entryCatchUpsGivenUp(), stats.checkpointsRefused());
            transferStartedNs = 0;
        }
        lastStatus = status;
    }

    /**
     * Once a replaced replica is live again, whether it installed a checkpoint or caught up on
     * entries alone, its own log holds its state: a later restart recovers from it, not from peers.
     */
    private void clearReplacedMarkerOnceLive() {
        if (replica.status() == ReplicaStatus.LIVE) {
            try {
                Files.deleteIfExists(FaultFlags.replacedMarker(dataDirectory));
            } catch (IOException e) {
                LOG.warn("replica {}: cannot remove its replacement marker: {}", name, e.getMessage());
            }
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L;
    }

    private static long millisSince(long startedNs) {
        return startedNs == 0 ? 0 : (System.nanoTime() - startedNs) / 1_000_000L;
    }

    private void checkFaultInjection() {
        boolean wanted = layout.config().faultInjection() && Files.exists(byzantineFlag);
        if (wanted != service.isByzantine()) {
            service.setByzantine(wanted);
            LOG.warn("replica {}: fault injection {}", name, wanted ? "on: returning wrong results" : "off: healed");
        }
    }

    /**
     * The replica's audit sink. While the log is replayed after a restart, lines of entries past
     * {@link AuditFiles#writtenThrough} go to {@link AuditFiles#recordReplayed}, which writes only
     * those the files lack; lines of earlier entries were written and are not even built.
     */
    private static final class ReplayAwareAudit implements AuditSink {
        private final AuditFiles files;
        private boolean replaying;
        private long replayedSequence;

        ReplayAwareAudit(AuditFiles files) {
            this.files = files;
        }

        @Override
        public boolean isEnabled() {
            return !replaying || replayedSequence > files.writtenThrough();
        }

        @Override
        public void record(String logName, String line) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            record(logName, bytes, bytes.length);
        }

        @Override
        public void record(String logName, byte[] line, int length) {
            if (replaying) {
                files.recordReplayed(logName, line, length);
            } else {
                files.record(logName, line, length);
            }
        }
    }
}
