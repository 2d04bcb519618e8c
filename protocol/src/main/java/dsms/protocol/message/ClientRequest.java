package dsms.protocol.message;

/** Front end to sequencer: order this command. A resend carries the same request ID. */
public record ClientRequest(RequestId requestId, byte[] command) implements Message {}
