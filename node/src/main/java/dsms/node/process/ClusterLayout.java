package dsms.node.process;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ClusterConfig.ReplicaConfig;
import dsms.protocol.ClusterShape;
import dsms.protocol.FailureMode;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DatagramFormat;
import dsms.protocol.frontend.FrontEndConfig;
import dsms.protocol.message.NodeId;
import dsms.protocol.sequencer.SequencerConfig;
import dsms.transport.AddressBook;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Turns a validated cluster config into what the protocol and transport need: node addresses,
 * the cluster shape, each role's settings and a codec keyed by the cluster secret.
 *
 * @param configFile where the config was read from: relative data directories resolve against it
 */
public record ClusterLayout(ClusterConfig config, Path configFile) {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    public ClusterShape shape() {
        FailureMode mode = config.mode() == ClusterConfig.FailureMode.BYZANTINE ? FailureMode.BYZANTINE : FailureMode.CRASH;
        return new ClusterShape(config.replicaCount(), mode);
    }

    public AddressBook addressBook() {
        Map<NodeId, InetSocketAddress> addresses = new HashMap<>();
        addresses.put(NodeId.frontEnd(0), new InetSocketAddress(config.frontEnd().host(), config.frontEnd().port()));
        addresses.put(NodeId.sequencer(0), new InetSocketAddress(config.sequencer().host(), config.sequencer().port()));
        for (int index = 0; index < config.replicaCount(); index++) {
            ReplicaConfig replica = config.replicas().get(index);
            addresses.put(NodeId.replica(index), new InetSocketAddress(replica.host(), replica.port()));
            addresses.put(NodeId.replicaManager(index), new InetSocketAddress(replica.host(), replica.managerPort()));
        }
        return new AddressBook(addresses);
    }

    /** Where {@code node} listens; processes bind to it. */
    public InetSocketAddress addressOf(NodeId node) {
        return addressBook().addressOf(node);
    }

    public byte[] secret() {
        return HexFormat.of().parseHex(config.secret().trim());
    }

    public DatagramCodec newCodec() {
        return new DatagramCodec(secret());
    }

    /** The replica's index from its letter (A is 0). */
    public int replicaIndex(String replicaId) {
        ReplicaConfig replica = config.replica(replicaId);
        if (replica == null) {
            throw new IllegalArgumentException("the cluster has no replica '" + replicaId + "'");
        }
        return config.replicas().indexOf(replica);
    }

    /** The replica's data directory: its configured one, else DIR/replica-X beside the config. */
    public Path dataDirectory(int replicaIndex) {
        ReplicaConfig replica = config.replicas().get(replicaIndex);
        Path base = configFile.toAbsolutePath().getParent();
        if (replica.dataDir() != null && !replica.dataDir().isBlank()) {
            return base.resolve(replica.dataDir());
        }
        return base.resolve("replica-" + replica.id());
    }

    /**
     * Entries the sequencer holds until every replica acknowledged them: about a second of
     * ordering at full load here. With 8,192 (a tenth of a second at 75,000 operations/s), a
     * replica paused by a collection or a checkpoint fell out of the window several times a
     * second; the sequencer forgot entries only two replicas held, and the third had to fetch
     * them from its peers, while new requests were refused busy and waited 100 ms to be resent.
     */
    static final int SEQUENCER_WINDOW_ENTRIES = 65_536;

    /**
     * Entries the sequencer sends in answer to one {@code Nack}, in datagrams as full as its
     * batches. A replica that came back behind the newest entries catches up one answer per round
     * trip, and under load a round trip through the two busy cores takes several milliseconds: with
     * 256 entries per answer a replica restarted under 80,000 operations a second caught up at
     * about 28,000 entries a second, fell out of the window and took state from its peers again,
     * several times in a row.
     */
    static final int SEQUENCER_NACK_ENTRIES = 2_048;

    public SequencerConfig sequencerConfig() {
        return SequencerConfig.defaults()
                .withRetransmissionEntriesMax(SEQUENCER_WINDOW_ENTRIES)
                .withNackEntriesMax(SEQUENCER_NACK_ENTRIES)
                .withRetransmitTimeoutNs(config.timeouts().retransmitMs() * NANOS_PER_MILLI)
                .withBatchBytesMax(DatagramFormat.messageBytesMax(DatagramFormat.DATAGRAM_BYTES_MAX_DEFAULT)
                        - DatagramFormat.ORDERED_BATCH_EMPTY_BYTES);
    }

    /**
     * The largest result the front end reassembles: a share listing of a whole large market
     * (100,000 shares of one type is about 3 MB) must fit, or it could never be answered.
     */
    static final int RESULT_BYTES_MAX = 16 << 20;

    /**
     * Requests the front end keeps in flight: room for eight full batches of the HTTP API, so
     * that batching clients meet OVERLOADED only when the cluster really falls behind. It stays
     * within the sequencer's retransmission window ({@value #SEQUENCER_WINDOW_ENTRIES} entries), the other bound on entries in
     * flight. Answered requests still collecting results for fault detection get twice that.
     */
    static final int FRONT_END_REQUESTS_IN_FLIGHT_MAX = 8_192;

    public FrontEndConfig frontEndConfig() {
        long resultNsMin = config.timeouts().resultMsMin() * NANOS_PER_MILLI;
        long resultNsMax = config.timeouts().resultMsMax() * NANOS_PER_MILLI;
        return FrontEndConfig.defaults()
                .withPendingRequestsMax(FRONT_END_REQUESTS_IN_FLIGHT_MAX)
                .withAnsweredRequestsMax(2 * FRONT_END_REQUESTS_IN_FLIGHT_MAX)
                // A quarter of the sequencer's window: a replica held to that stays in the window
                // through a collection or a checkpoint, with room to spare.
                .withReplicaLagEntriesMax(SEQUENCER_WINDOW_ENTRIES / 4)
                .withResultTimeoutNsMin(resultNsMin)
                .withResultTimeoutNsMax(resultNsMax)
                .withResultTimeoutNsInitial(Math.min(resultNsMax, Math.max(resultNsMin, 250 * NANOS_PER_MILLI)))
                .withOrderingTimeoutNs(config.timeouts().requestMsMax() * NANOS_PER_MILLI)
                .withResultBytesMax(RESULT_BYTES_MAX)
                .withResultChunksMax(RESULT_BYTES_MAX / replicaConfig().resultChunkBytesMax() + 1);
    }

    /**
     * Checkpoints every 16,384 entries: rare enough that taking one (a snapshot of the whole
     * market) costs little, frequent enough that a replica far behind fetches a recent one. A
     * replica saves at most one a second to disk (see {@code SnapshotWriter}).
     * Every replica must use the same values, which is why they come from here.
     *
     * <p>State transfer moves data in the largest pieces a datagram carries, as the sequencer's
     * batches and the results do: a checkpoint of a market with 1,000,000 holdings is about 16 MB,
     * 250 chunks of 64 KB instead of 2,000 of the protocol's default 8 KB, and each chunk costs a
     * round trip and an HMAC on both sides. {@value #CHUNK_REQUESTS_IN_FLIGHT} chunks in flight
     * are 2 MB, within the 4 MB socket buffers, so a burst of answers is never dropped there. Entries after the checkpoint come {@value #ENTRIES_PER_REQUEST} per request,
     * in datagrams as full as the sequencer's, so a replaced replica catching up on the entries of
     * one checkpoint interval asks about ten times instead of sixty-four.
     */
    public dsms.protocol.replica.RecoveryConfig recoveryConfig() {
        int datagramMessageBytesMax = DatagramFormat.messageBytesMax(DatagramFormat.DATAGRAM_BYTES_MAX_DEFAULT)
                - DatagramFormat.ORDERED_BATCH_EMPTY_BYTES;
        return dsms.protocol.replica.RecoveryConfig.defaults()
                .withCheckpointIntervalEntries(CHECKPOINT_INTERVAL_ENTRIES)
                .withCheckpointChunkBytes(Math.min(dsms.protocol.replica.RecoveryConfig.CHECKPOINT_CHUNK_BYTES_MAX,
                        DatagramFormat.checkpointChunkBytesMax(DatagramFormat.DATAGRAM_BYTES_MAX_DEFAULT)))
                .withChunkRequestsInFlightMax(CHUNK_REQUESTS_IN_FLIGHT)
                .withEntriesPerRequestMax(ENTRIES_PER_REQUEST)
                .withEntriesReplyBytesMax(datagramMessageBytesMax);
    }

    static final int ENTRIES_PER_REQUEST = 2_048;
    static final int CHUNK_REQUESTS_IN_FLIGHT = 32;

    static final int CHECKPOINT_INTERVAL_ENTRIES = 16_384;

    /**
     * A replica asks for as many entries in one {@code Nack} as the sequencer sends in answer to
     * one, so that it can tell an answer that arrived in full and ask for the next range at once.
     */
    public dsms.protocol.replica.ReplicaConfig replicaConfig() {
        return dsms.protocol.replica.ReplicaConfig.defaults()
                .withNackEntriesMax(sequencerConfig().nackEntriesMax())
                .withResultChunkBytesMax(DatagramFormat.resultChunkBytesMax(DatagramFormat.DATAGRAM_BYTES_MAX_DEFAULT));
    }
}
