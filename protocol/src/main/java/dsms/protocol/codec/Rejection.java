package dsms.protocol.codec;

/**
 * Every reason the codec drops a received datagram, in the order the checks run. Callers count
 * them with {@link RejectionCounters}: a steady trickle of one reason says what is wrong (a node
 * with another secret or version, a buggy sender, stray traffic on the port).
 */
public enum Rejection {
    /** Fewer bytes than a header and a MAC: nothing else can be checked. */
    TOO_SHORT,
    /** The datagram does not start with {@link DatagramFormat#MAGIC}: not our traffic. */
    BAD_MAGIC,
    /** The datagram has another {@link DatagramFormat#VERSION}: a node of another release. */
    UNSUPPORTED_VERSION,
    /**
     * The HMAC does not match: forged, corrupted, truncated or extended bytes, or a sender with
     * another cluster secret. Nothing after the header is parsed before this check passes.
     */
    BAD_MAC,
    /** The sender's role or index is out of range. */
    BAD_SENDER,
    /** The message count is zero, or the bytes end before that many messages. */
    BAD_MESSAGE_COUNT,
    /** A message's type code names no message type. */
    UNKNOWN_MESSAGE_TYPE,
    /**
     * A length prefix exceeds the bytes that remain or its named bound: a message body that runs
     * past the end of the datagram, a command longer than {@link DatagramFormat#COMMAND_BYTES_MAX},
     * more entries or bytes than the body holds.
     */
    BAD_LENGTH,
    /** A message body ends before its fields do, or has bytes left after them. */
    MALFORMED_MESSAGE,
    /**
     * A field's value is outside its range (see {@link DatagramFormat}): a sequence number below
     * its minimum, an unknown role or verdict ordinal, a chunk index beyond its count.
     */
    BAD_FIELD_VALUE,
    /** Bytes remain between the last message and the MAC. */
    TRAILING_BYTES
}
