package dsms.node.process;

import dsms.node.config.ClusterConfig.FsyncPolicy;
import dsms.node.storage.WriteAheadLog;
import dsms.protocol.ForwardingOutbox;
import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.codec.DatagramFormat;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.sequencer.Sequencer;
import dsms.protocol.sequencer.SequencerConfig;
import dsms.protocol.sequencer.SequencerStats;
import dsms.transport.NodeDriver;
import dsms.transport.UdpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequencer process: the sequencer role over UDP, with its own log of assigned entries.
 *
 * <p>Every new entry is logged before the datagrams that carry it leave (one force per cycle), so
 * a restarted sequencer continues the order after the last entry any replica could have seen, and
 * never gives a sequence number to two different requests. The log only needs the newest
 * retransmission window; older segments are deleted as the order moves on.
 */
public final class SequencerProcess implements NodeDriver.EffectListener {
    private static final Logger LOG = LoggerFactory.getLogger(SequencerProcess.class);
    /** The sequencer's epoch; a standby taking over would use a higher one. */
    static final long EPOCH = 1;
    static final long TICK_INTERVAL_NS = 1_000_000L;
    /** Small segments, so the log stays close to the retransmission window it must cover. */
    static final long SEGMENT_BYTES_MAX = 8L << 20;
    static final long TRUNCATE_INTERVAL_NS = 1_000_000_000L;

    private final EntryLog entryLog;
    private final boolean forceToDisk;
    private final int windowEntries;
    private final List<NodeId> replicas;
    private long lastLoggedSequence;
    private long nextTruncateNs;
    /** The role, for the periodic report of its counters; set once the role exists. */
    private Sequencer sequencer;
    private long nextReportNs;
    private SequencerStats lastReported;
    /**
     * How often the sequencer writes its counters to its log while they change: often enough to
     * see an overload (requests refused busy, resends acknowledged again) as it happens, rarely
     * enough that an idle or steady log stays short.
     */
    static final long REPORT_INTERVAL_NS = 10_000_000_000L;

    private SequencerProcess(ClusterLayout layout, Path directory) throws IOException {
        this.entryLog = new EntryLog(WriteAheadLog.open(directory, SEGMENT_BYTES_MAX), layout.newCodec(),
                NodeId.sequencer(0));
        this.forceToDisk = layout.config().fsync() == FsyncPolicy.ALWAYS;
        this.windowEntries = layout.sequencerConfig().retransmissionEntriesMax();
        this.replicas = layout.shape().replicas();
        this.lastLoggedSequence = entryLog.log().lastSequence();
    }

    public static void run(ClusterLayout layout, EpochClock clock) throws IOException {
        Path directory = layout.configFile().toAbsolutePath().getParent().resolve("sequencer").resolve("wal");
        SequencerProcess process = new SequencerProcess(layout, directory);
        SequencerConfig config = layout.sequencerConfig();
        List<OrderedEntry> tail = process.entryLog.read(Math.max(0, process.lastLoggedSequence - config.retransmissionEntriesMax() + 1));
        NodeId id = NodeId.sequencer(0);
        Sequencer sequencer = Sequencer.resuming(id, layout.shape(), config, EPOCH, DatagramFormat::encodedLengthBytes, tail);
        process.sequencer = sequencer;
        try (UdpEndpoint endpoint = UdpEndpoint.bind(layout.addressOf(id))) {
            NodeDriver driver = new NodeDriver(process.logging(sequencer), endpoint, layout.newCodec(),
                    layout.addressBook(), process, clock::nowNs, TICK_INTERVAL_NS);
            process.entryLog.onForced(driver::wakeUp);
            Runtime.getRuntime().addShutdownHook(new Thread(driver::stop, "sequencer-shutdown"));
            LOG.info("sequencer listening on {} for {} replicas in {} mode; continuing after sequence {}",
                    endpoint.localAddress(), layout.shape().replicaCount(), layout.shape().failureMode(),
                    process.lastLoggedSequence);
            driver.run();
        } finally {
            process.entryLog.close();
        }
    }

    /**
     * With the default fsync policy, has the log forced in the background and holds the cycle's
     * sends (ordered entries, acknowledgements) until it is, so that nothing the sequencer ordered
     * is announced before it is durable, while the loop goes on ordering.
     */
    @Override
    public long beforeSend() {
        try {
            return entryLog.commitBeforeSend(forceToDisk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the sequencer's log durable", e);
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

    @Override
    public void afterCycle(long nowNs) {
        reportCounters(nowNs);
        if (nowNs < nextTruncateNs) {
            return;
        }
        nextTruncateNs = nowNs + TRUNCATE_INTERVAL_NS;
        try {
            entryLog.log().truncateBefore(lastLoggedSequence - windowEntries);
        } catch (IOException e) {
            LOG.warn("cannot delete old sequencer log segments: {}", e.getMessage());
        }
    }

    /** Writes the sequencer's counters to its log every {@code REPORT_INTERVAL_NS} while they change. */
    private void reportCounters(long nowNs) {
        if (nowNs < nextReportNs || sequencer == null) {
            return;
        }
        nextReportNs = nowNs + REPORT_INTERVAL_NS;
        SequencerStats stats = sequencer.stats();
        if (!isWorthReporting(stats, lastReported, sequencer.bufferedEntries())) {
            lastReported = stats;
            return;
        }
        SequencerStats before = lastReported != null ? lastReported : new SequencerStats(0, 0, 0, 0, 0, 0, 0, 0);
        LOG.info("sequencer: last 10 s: {} requests ordered, {} resent ones acknowledged again, {} refused busy, {} entries"
                        + " retransmitted, {} forgotten before every replica held them; {} entries buffered;"
                        + " assigned through {}, sent through {}, acknowledged through {}",
                stats.requestsOrdered() - before.requestsOrdered(),
                stats.requestsReacknowledged() - before.requestsReacknowledged(),
                stats.requestsRefusedBusy() - before.requestsRefusedBusy(),
                stats.entriesRetransmitted() - before.entriesRetransmitted(),
                stats.entriesDroppedUnreplicated() - before.entriesDroppedUnreplicated(),
                sequencer.bufferedEntries(),
                sequencer.highestAssignedSequence(),
                sequencer.highestSentSequence(),
                acknowledgements());
        lastReported = stats;
    }

    /**
     * Whether the counters are worth a report line: not before the first request, and not while an
     * idle sequencer has nothing unacknowledged and nothing changed; but a sequencer holding entries
     * a replica has not acknowledged reports even when nothing moved, as that is how a stall shows.
     */
    static boolean isWorthReporting(SequencerStats stats, SequencerStats lastReported, int bufferedEntries) {
        return stats.requestsOrdered() > 0 && (!stats.equals(lastReported) || bufferedEntries > 0);
    }

    /** Each replica's cumulative acknowledgement, such as {@code RA 120, RB 96, RC 120}. */
    private String acknowledgements() {
        return acknowledgements(replicas, replica -> sequencer.acknowledgedSequence(replica.index()));
    }

    static String acknowledgements(List<NodeId> replicas, ToLongFunction<NodeId> acknowledged) {
        StringBuilder text = new StringBuilder();
        for (NodeId replica : replicas) {
            text.append(text.isEmpty() ? "" : ", ").append(replica).append(' ').append(acknowledged.applyAsLong(replica));
        }
        return text.toString();
    }

    private void log(OrderedBatch batch) {
        for (OrderedEntry entry : batch.entries()) {
            if (entry.sequence() > lastLoggedSequence) {
                try {
                    entryLog.append(entry);
                } catch (IOException e) {
                    // An order that cannot be logged must not be sent: stop the sequencer.
                    throw new UncheckedIOException("cannot append to the sequencer's log", e);
                }
                lastLoggedSequence = entry.sequence();
            }
        }
    }

    /** The sequencer role, with every new entry it sends logged first. */
    private ProtocolRole logging(Sequencer sequencer) {
        ForwardingOutbox logging = new ForwardingOutbox() {
            @Override
            public void send(NodeId to, Message message) {
                if (message instanceof OrderedBatch batch) {
                    log(batch);
                }
                super.send(to, message);
            }
        };
        return new ProtocolRole() {
            @Override
            public NodeId id() {
                return sequencer.id();
            }

            @Override
            public void onMessage(NodeId from, Message message, Outbox outbox) {
                sequencer.onMessage(from, message, logging.around(outbox));
            }

            @Override
            public void onTick(long nowNs, Outbox outbox) {
                sequencer.onTick(nowNs, logging.around(outbox));
            }
        };
    }
}
