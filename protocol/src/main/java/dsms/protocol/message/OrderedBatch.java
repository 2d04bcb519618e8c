package dsms.protocol.message;

import java.util.List;

/** Sequencer to replica: consecutive or retransmitted entries of the total order. */
public record OrderedBatch(List<OrderedEntry> entries) implements Message {
    public OrderedBatch {
        entries = List.copyOf(entries);
    }
}
