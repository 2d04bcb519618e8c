package dsms.node.process;

import dsms.node.storage.LogForcer;
import dsms.node.storage.WriteAheadLog;
import dsms.protocol.codec.DatagramCodec;
import dsms.protocol.codec.DecodeResult;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.OrderedBatch;
import dsms.protocol.message.OrderedEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequencer's or a replica's log of ordered entries: each entry is stored in the protocol's
 * own encoding (an {@code OrderedBatch} of one, see {@link DatagramCodec#encodeStored}), so that a
 * replayed entry passes the same parser as one from the network, with the log's CRC in place of
 * the MAC. Entries logged with a MAC, as every entry was before, are still read and checked.
 */
final class EntryLog implements AutoCloseable {
    private final WriteAheadLog log;
    private final DatagramCodec codec;
    private final NodeId owner;
    private final LogForcer forcer;
    /** Entries appended since the last commit. */
    private boolean unsynced;
    /** Entries handed to the OS by a commit that did not force them to disk. */
    private boolean unforced;
    /** The ticket of the latest force handed to the forcer; 0 before the first. */
    private long requestedTicket;

    EntryLog(WriteAheadLog log, DatagramCodec codec, NodeId owner) {
        this.log = log;
        this.codec = codec;
        this.owner = owner;
        this.forcer = new LogForcer("log-forcer-" + owner);
    }

    /** What to call after each force in the background, on the forcer's thread: waking the loop. */
    void onForced(Runnable action) {
        forcer.onForced(action);
    }

    WriteAheadLog log() {
        return log;
    }

    void append(OrderedEntry entry) throws IOException {
        OrderedBatch record = new OrderedBatch(List.of(entry));
        log.append(entry.sequence(), codec.storedLengthBytes(record),
                destination -> codec.encodeStored(owner, record, destination));
        unsynced = true;
    }

    /**
     * Makes every appended entry durable, or only hands it to the OS when {@code force} is false;
     * entries handed over unforced are forced by the next commit that forces.
     */
    void commit(boolean force) throws IOException {
        if (force) {
            // The log's files may not be forced, nor closed, by two threads at once.
            forcer.awaitForced(requestedTicket);
            closeForcedSegments();
        }
        if (force && (unsynced || unforced)) {
            log.sync();
            unforced = false;
        } else if (unsynced) {
            log.flush();
            unforced = true;
        }
        unsynced = false;
    }

    /**
     * Hands every appended entry to the OS and has it forced in the background. Returns the ticket
     * that {@link #forcedTicket()} reaches once it is on disk, or 0 when nothing needed forcing.
     * The caller holds back what must not leave before then (group commit without stopping the
     * loop: it goes on receiving and executing while the disk works).
     */
    long commitInBackground() throws IOException {
        closeForcedSegments();
        if (!unsynced && !unforced) {
            return 0;
        }
        requestedTicket++;
        forcer.request(requestedTicket, log.prepareForce());
        unsynced = false;
        unforced = false;
        return requestedTicket;
    }

    /**
     * The commit before a cycle's messages leave: forced in the background when {@code force},
     * returning the ticket they wait for, else only handed to the OS, returning 0: no wait.
     */
    long commitBeforeSend(boolean force) throws IOException {
        if (force) {
            return commitInBackground();
        }
        commit(false);
        return 0;
    }

    /**
     * The newest ticket on disk, with every earlier one.
     *
     * @throws UncheckedIOException once a force failed: a process that cannot make its log durable
     *     must not answer, so it stops, and its manager (or the operator) restarts it
     */
    long forcedTicket() {
        try {
            return forcer.forcedTicket();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code ticket} is on disk; throws as {@link #forcedTicket()} does. */
    void awaitForced(long ticket) {
        try {
            forcer.awaitForced(ticket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes everything durable, stops the forcer and closes the log. */
    @Override
    public void close() throws IOException {
        try {
            commit(true);
            forcer.close();
        } finally {
            log.close();
        }
    }

    private void closeForcedSegments() throws IOException {
        for (WriteAheadLog.ForceBatch batch : forcer.takeForcedBatches()) {
            log.forced(batch);
        }
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
