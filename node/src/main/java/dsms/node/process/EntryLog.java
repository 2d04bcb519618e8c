package dsms.node.process;

import dsms.node.storage.WriteAheadLog;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DecodeResult;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequencer's or a replica's log of ordered entries: each entry is stored in the protocol's
 * own encoding (an {@code OrderedBatch} of one, see {@link DatagramCodec#encodeStored}), so that a
 * replayed entry passes the same parser as one from the network, with the log's CRC in place of
 * the MAC. Entries logged with a MAC, as every entry was before, are still read and checked.
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
        log.append(entry.sequence(), codec.encodeStored(owner, new OrderedBatch(List.of(entry))));
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
            DecodeResult decoded = isStored(payload) ? codec.decodeStored(payload) : codec.decode(payload);
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

    private static boolean isStored(byte[] payload) {
        return payload.length >= Integer.BYTES && ByteBuffer.wrap(payload).getInt(0) == DatagramCodec.STORED_MAGIC;
    }
}
