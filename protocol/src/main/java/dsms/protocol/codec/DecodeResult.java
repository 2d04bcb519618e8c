package dsms.protocol.codec;

import dsms.core.Checks;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import java.util.List;

/** What decoding one datagram gave: all of its messages, or none and the reason. */
public sealed interface DecodeResult {

    /**
     * An authenticated, well-formed datagram.
     *
     * @param from the sender, as the datagram's authenticated header names it
     * @param messages the datagram's messages in the order they were encoded, never empty
     */
    record Decoded(NodeId from, List<Message> messages) implements DecodeResult {
        public Decoded {
            Checks.check(from != null, "a decoded datagram has a sender");
            messages = List.copyOf(messages);
            Checks.check(!messages.isEmpty(), "a decoded datagram holds at least one message");
        }
    }

    /** A datagram dropped whole; none of its messages may be acted on. */
    record Rejected(Rejection reason) implements DecodeResult {
        public Rejected {
            Checks.check(reason != null, "a rejection has a reason");
        }
    }
}
