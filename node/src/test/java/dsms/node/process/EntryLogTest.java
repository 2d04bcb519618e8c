package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.node.storage.WriteAheadLog;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import dsms.protocol.message.RequestId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryLogTest {
    private static final byte[] SECRET = "sixteen+ bytes of cluster secret".getBytes(StandardCharsets.US_ASCII);
    private static final NodeId OWNER = NodeId.replica(0);

    @TempDir
    Path directory;

    private final DatagramCodec codec = new DatagramCodec(SECRET);

    private static OrderedEntry entry(long sequence) {
        return new OrderedEntry(1, sequence, 1_700_000_000_000L + sequence, new RequestId(7, sequence),
                NodeId.frontEnd(0), ("command-" + sequence).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shouldReadBackTheEntriesAppendedFromAGivenSequence() throws IOException {
        try (EntryLog entries = new EntryLog(WriteAheadLog.open(directory), codec, OWNER)) {
            for (long sequence = 1; sequence <= 5; sequence++) {
                entries.append(entry(sequence));
            }
            entries.commit(true);

            assertThat(entries.read(3)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(entry(3), entry(4), entry(5));
        }
    }

    @Test
    void shouldForceInTheBackgroundAndReachEachTicket() throws IOException {
        try (EntryLog entries = new EntryLog(WriteAheadLog.open(directory), codec, OWNER)) {
            assertThat(entries.commitInBackground()).as("nothing appended, nothing to force").isZero();
            entries.append(entry(1));
            long first = entries.commitInBackground();
            entries.append(entry(2));
            long second = entries.commitInBackground();

            assertThat(second).isGreaterThan(first).isPositive();
            entries.awaitForced(second);
            assertThat(entries.forcedTicket()).isGreaterThanOrEqualTo(second);
        }
    }

    /** Segments fill and retire while forces run on the forcer's thread; nothing is lost or torn. */
    @Test
    void shouldKeepEveryEntryForcedInTheBackgroundAcrossFullSegmentsAndAReopen() throws IOException {
        long ticket = 0;
        try (EntryLog entries = new EntryLog(WriteAheadLog.open(directory, 400), codec, OWNER)) {
            for (long sequence = 1; sequence <= 60; sequence++) {
                entries.append(entry(sequence));
                if (sequence % 3 == 0) {
                    ticket = entries.commitInBackground();
                }
            }
            entries.awaitForced(ticket);
            entries.commit(true);
        }
        try (EntryLog reopened = new EntryLog(WriteAheadLog.open(directory, 400), codec, OWNER)) {
            assertThat(reopened.log().recovery().repaired()).isFalse();
            List<OrderedEntry> read = reopened.read(1);
            assertThat(read).hasSize(60);
            assertThat(read.get(59)).usingRecursiveComparison().isEqualTo(entry(60));
        }
    }

    /** Logs written before entries were stored without a MAC hold authenticated datagrams. */
    @Test
    void shouldStillReadEntriesLoggedAsAuthenticatedDatagramsAmongStoredOnes() throws IOException {
        try (EntryLog entries = new EntryLog(WriteAheadLog.open(directory), codec, OWNER)) {
            entries.log().append(1, codec.encode(OWNER, List.of(new OrderedBatch(List.of(entry(1))))).get(0));
            entries.append(entry(2));

            assertThat(entries.read(1)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(entry(1), entry(2));
        }
    }

    @Test
    void shouldRefuseALoggedDatagramWhoseMacDoesNotMatch() throws IOException {
        try (EntryLog entries = new EntryLog(WriteAheadLog.open(directory), codec, OWNER)) {
            DatagramCodec otherCluster = new DatagramCodec("another cluster's sixteen+ secret".getBytes(StandardCharsets.US_ASCII));
            entries.log().append(1, otherCluster.encode(OWNER, List.of(new OrderedBatch(List.of(entry(1))))).get(0));

            assertThatThrownBy(() -> entries.read(1)).isInstanceOf(IOException.class).hasMessageContaining("does not decode");
        }
    }
}
