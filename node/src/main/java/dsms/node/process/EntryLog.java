package dsms.node.process;

import dsms.node.storage.WriteAheadLog;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DecodeResult;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's log of ordered entries: each entry is stored in the protocol's own authenticated
 * encoding (an {@code OrderedBatch} of one), so that a replayed entry passes the same checks as one
 * from the network, on top of the log's CRC.
 */
final class EntryLog {
    private final WriteAheadLog log;
    private final DatagramCodec codec;
    private final NodeId owner;
    /** Entries appended since the last commit. */
    private boolean unsynced;
    /** Entries handed to the OS by a commit that did not force them to disk. */
    private boolean unforced;

    EntryLog(WriteAheadLog log, DatagramCodec codec, NodeId owner) {
        this.log = log;
        this.codec = codec;
        this.owner = owner;
    }

    WriteAheadLog log() {
        return log;
    }

    void append(OrderedEntry entry) throws IOException {
        List<byte[]> encoded = codec.encode(owner, List.of(new OrderedBatch(List.of(entry))));
        log.append(entry.sequence(), encoded.get(0));
        unsynced = true;
    }

    /**
     * Makes every appended entry durable, or only hands it to the OS when {@code force} is false;
     * entries handed over unforced are forced by the next commit that forces.
     */
    void commit(boolean force) throws IOException {
        if (force && (unsynced || unforced)) {
            log.sync();
            unforced = false;
        } else if (unsynced) {
            log.flush();
            unforced = true;
        }
        unsynced = false;
    }

    /** Reads the entries from {@code fromSequence} on, in order. */
    List<OrderedEntry> read(long fromSequence) throws IOException {
        List<OrderedEntry> entries = new ArrayList<>();
        log.read(fromSequence, (sequence, payload) -> {
            DecodeResult decoded = codec.decode(payload);
            if (!(decoded instanceof DecodeResult.Decoded message)) {
                throw new IOException("log entry " + sequence + " does not decode: " + decoded);
            }
            for (Message inside : message.messages()) {
                if (inside instanceof OrderedBatch batch) {
                    entries.addAll(batch.entries());
                }
            }
        });
        return entries;
    }
}
