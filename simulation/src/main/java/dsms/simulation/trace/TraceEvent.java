package dsms.simulation.trace;

import dsms.protocol.Delivery;
import dsms.protocol.RequestOutcome;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.RequestId;
import dsms.simulation.network.SimulatedNetwork;
import java.util.List;

/**
 * One thing that happened in a simulated run, kept as data and formatted only when a trace line
 * is printed: a batch of seeds keeps only the tail of its trace, so formatting every event would
 * cost more than simulating it.
 */
public sealed interface TraceEvent {

    /** The event's words after the time and node columns. */
    String describe();

    /** A datagram left {@code from}; the network decided its fate. */
    record Sent(NodeId to, List<Message> messages, int bytes, SimulatedNetwork.Fate fate) implements TraceEvent {
        @Override
        public String describe() {
            String fateWord = fate == SimulatedNetwork.Fate.DELIVERED ? "" : " " + fate.name().toLowerCase(java.util.Locale.ROOT);
            return "send    -> " + to + " " + MessageSummary.of(messages) + " " + bytes + "B" + fateWord;
        }
    }

    /** A datagram passed the codec's checks and went to the node's role. */
    record Received(NodeId from, List<Message> messages) implements TraceEvent {
        @Override
        public String describe() {
            return "deliver <- " + from + " " + MessageSummary.of(messages);
        }
    }

    /** A datagram reached the node but went no further. */
    record Dropped(NodeId from, String reason) implements TraceEvent {
        @Override
        public String describe() {
            return "drop    <- " + from + " " + reason;
        }
    }

    /** A tick fired timers or flushed output: how many messages and answers it produced. */
    record Ticked(int messagesSent, int outcomes) implements TraceEvent {
        @Override
        public String describe() {
            return "tick    timers: " + messagesSent + " messages" + (outcomes == 0 ? "" : ", " + outcomes + " answers");
        }
    }

    /** A replica delivered an ordered entry to its service, or answered it from its table. */
    record Delivered(Delivery delivery) implements TraceEvent {
        @Override
        public String describe() {
            String what = delivery.kind() == Delivery.Kind.EXECUTED
                    ? "execute #" + delivery.sequence()
                    : "dedup   #" + delivery.sequence() + " (executed at #" + delivery.executedSequence() + ")";
            return what + " " + delivery.requestId();
        }
    }

    /** A client handed a request to the front end. */
    record Submitted(RequestId requestId, String operation, int attempt, String admission) implements TraceEvent {
        @Override
        public String describe() {
            return "submit  " + requestId + " " + operation + " attempt " + attempt + " " + admission;
        }
    }

    /** The front end answered a client. */
    record Completed(RequestOutcome outcome) implements TraceEvent {
        @Override
        public String describe() {
            String sequence = outcome.status() == RequestOutcome.Status.AGREED ? " #" + outcome.sequence() : "";
            return "complete " + outcome.requestId() + " " + outcome.status() + sequence;
        }
    }

    /** A fault was carried out. */
    record FaultApplied(String fault) implements TraceEvent {
        @Override
        public String describe() {
            return "fault   " + fault;
        }
    }

    /** Anything else worth a line: phase changes, client decisions. */
    record Note(String text) implements TraceEvent {
        @Override
        public String describe() {
            return text;
        }
    }
}
