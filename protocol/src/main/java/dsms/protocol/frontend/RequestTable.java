package dsms.protocol.frontend;

import dsms.core.Checks;
import dsms.protocol.RequestIndex;
import dsms.protocol.message.RequestId;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The front end's requests in flight, by request ID: those not answered yet in the order they
 * were submitted, and those answered and still collecting results in the order they took their
 * place at the end of the answered list (which is the order their timers fire in).
 *
 * <p>Every message from the sequencer and from a replica looks its request up here, four times per
 * operation and more. Two linked hash maps did this before: each lookup followed a bucket to a node
 * and the node to its key, scattered over the heap, and comparing the keys had about a fifth of the
 * front end's execution samples at 75,000 operations a second. Here a {@link RequestIndex} maps a
 * request ID to an entry number, whose request and links sit in arrays: a front end numbers its
 * requests with consecutive counters, so the index's slots for the requests in flight are few
 * and hot. Moving a request between the lists, or to the end of one, rewrites a few links and
 * leaves the index alone.
 *
 * <p>Bounded: at most {@code entriesMax} requests, the unanswered and answered bounds together
 * and one more, since an answered request is added before the oldest one is made room for.
 */
final class RequestTable {
    private static final int NONE = -1;
    private static final byte FREE = 0;
    private static final byte UNANSWERED = 1;
    private static final byte ANSWERED = 2;

    private final RequestIndex index;
    private final PendingRequest[] requests;
    private final int[] nextEntries;
    private final int[] previousEntries;
    private final byte[] lists;
    /** The free entries, a stack: the entry freed last, still in the cache, is used first. */
    private final int[] freeEntries;
    private int freeCount;
    private final EntryList unanswered = new EntryList();
    private final EntryList answered = new EntryList();

    RequestTable(int entriesMax) {
        Checks.check(entriesMax >= 1, "request table bound %d is positive", entriesMax);
        int indexSlotsMax = RequestIndex.slotsFor(entriesMax);
        this.index = new RequestIndex(Math.min(1 << 10, indexSlotsMax), indexSlotsMax);
        this.requests = new PendingRequest[entriesMax];
        this.nextEntries = new int[entriesMax];
        this.previousEntries = new int[entriesMax];
        this.lists = new byte[entriesMax];
        this.freeEntries = new int[entriesMax];
        for (int entry = 0; entry < entriesMax; entry++) {
            freeEntries[entry] = entriesMax - 1 - entry;
        }
        this.freeCount = entriesMax;
    }

    /** The request in flight with this ID, answered or not, or null. */
    PendingRequest find(RequestId requestId) {
        int entry = entryOf(requestId);
        return entry == NONE ? null : requests[entry];
    }

    /** The answered request with this ID that still collects results, or null. */
    PendingRequest findAnswered(RequestId requestId) {
        int entry = entryOf(requestId);
        return entry != NONE && lists[entry] == ANSWERED ? requests[entry] : null;
    }

    boolean isUnanswered(RequestId requestId) {
        int entry = entryOf(requestId);
        return entry != NONE && lists[entry] == UNANSWERED;
    }

    /** Adds a request whose ID is not in the table at the end of the unanswered ones. */
    void addUnanswered(PendingRequest request) {
        RequestId requestId = request.requestId();
        Checks.check(freeCount > 0, "a request table of %d entries has room for %s", requests.length, requestId);
        Checks.check(entryOf(requestId) == NONE, "request %s is in the table once", requestId);
        int entry = freeEntries[--freeCount];
        index.put(requestId.clientId(), requestId.counter(), entry);
        requests[entry] = request;
        append(unanswered, entry, UNANSWERED);
    }

    /** Moves a request in the table to the end of the answered ones, from wherever it is. */
    void moveToAnsweredEnd(PendingRequest request) {
        int entry = entryOf(request.requestId());
        Checks.check(entry != NONE && requests[entry] == request, "request %s is in the table", request.requestId());
        unlink(entry);
        append(answered, entry, ANSWERED);
    }

    /** Removes the request, if it is still in the table. */
    void remove(PendingRequest request) {
        RequestId requestId = request.requestId();
        int entry = entryOf(requestId);
        if (entry == NONE || requests[entry] != request) {
            return;
        }
        unlink(entry);
        index.remove(requestId.clientId(), requestId.counter());
        requests[entry] = null;
        lists[entry] = FREE;
        freeEntries[freeCount++] = entry;
    }

    /** The answered request that took its place at the end of the list longest ago, or null. */
    PendingRequest oldestAnswered() {
        return answered.first == NONE ? null : requests[answered.first];
    }

    int unansweredCount() {
        return unanswered.count;
    }

    int answeredCount() {
        return answered.count;
    }

    /** The unanswered requests, oldest first; not to be changed while iterating. */
    Iterable<PendingRequest> unanswered() {
        return () -> new ListIterator(unanswered.first);
    }

    /** The answered requests, in the order they took their place at the end; not to be changed while iterating. */
    Iterable<PendingRequest> answered() {
        return () -> new ListIterator(answered.first);
    }

    private int entryOf(RequestId requestId) {
        long entry = index.get(requestId.clientId(), requestId.counter());
        return entry == RequestIndex.ABSENT ? NONE : (int) entry;
    }

    private void append(EntryList list, int entry, byte listMark) {
        previousEntries[entry] = list.last;
        nextEntries[entry] = NONE;
        if (list.last == NONE) {
            list.first = entry;
        } else {
            nextEntries[list.last] = entry;
        }
        list.last = entry;
        list.count++;
        lists[entry] = listMark;
    }

    private void unlink(int entry) {
        EntryList list = lists[entry] == UNANSWERED ? unanswered : answered;
        int previous = previousEntries[entry];
        int next = nextEntries[entry];
        if (previous == NONE) {
            list.first = next;
        } else {
            nextEntries[previous] = next;
        }
        if (next == NONE) {
            list.last = previous;
        } else {
            previousEntries[next] = previous;
        }
        list.count--;
    }

    /** A doubly linked list of entries, threaded through the entry arrays. */
    private static final class EntryList {
        int first = NONE;
        int last = NONE;
        int count;
    }

    private final class ListIterator implements Iterator<PendingRequest> {
        private int next;

        ListIterator(int first) {
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            return next != NONE;
        }

        @Override
        public PendingRequest next() {
            if (next == NONE) {
                throw new NoSuchElementException();
            }
            PendingRequest request = requests[next];
            next = nextEntries[next];
            return request;
        }
    }
}
