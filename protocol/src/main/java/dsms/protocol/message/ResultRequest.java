package dsms.protocol.message;

/**
 * Front end to replica: send the result of this request again (it was lost or is late). Sent
 * before a silent replica is suspected of having crashed. {@code sequence} is 0 when unknown.
 */
public record ResultRequest(RequestId requestId, long sequence) implements Message {}
