package dsms.protocol;

import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;

/** One message a role asked to send, with its destination. */
public record Envelope(NodeId to, Message message) {}
