package dsms.protocol.message;

/**
 * A client request's unique identity: the front end's client number and a counter.
 *
 * <p>A client that retries reuses the same ID; the sequencer and the replicas use it to order and
 * execute the request at most once.
 */
public record RequestId(long clientId, long counter) implements Comparable<RequestId> {

    @Override
    public int compareTo(RequestId other) {
        int byClient = Long.compare(clientId, other.clientId);
        return byClient != 0 ? byClient : Long.compare(counter, other.counter);
    }

    @Override
    public String toString() {
        return clientId + "-" + counter;
    }
}
