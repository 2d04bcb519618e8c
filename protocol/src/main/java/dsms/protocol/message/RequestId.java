package dsms.protocol.message;

/**
 * A client request's unique identity: the front end's client number and a counter.
 *
 * <p>A client that retries reuses the same ID; the sequencer and the replicas use it to order and
 * execute the request at most once.
 */
public record RequestId(long clientId, long counter) implements Comparable<RequestId> {

    // Written out rather than generated: request IDs key the front end's and the replicas' tables,
    // looked up several times per request, and the generated record methods were slower there.
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof RequestId request && request.counter == counter
                && request.clientId == clientId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Long.hashCode(counter);
    }

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
