package dsms.simulation.breakage;

import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.message.Message;
import dsms.protocol.message.Nack;
import dsms.protocol.message.NodeId;
import dsms.protocol.sequencer.Sequencer;

/**
 * A deliberately broken sequencer ({@link DeliberateBug#NACKS_IGNORED}): it drops every {@code
 * Nack}, so a replica that missed entries gets them only from the sequencer's own retransmission
 * pushes, which stop after {@code retransmitAttemptsMax} timeouts without progress. A replica cut
 * off for longer than that never catches up.
 */
final class NackIgnoringSequencer implements ProtocolRole {
    private final Sequencer sequencer;

    NackIgnoringSequencer(Sequencer sequencer) {
        this.sequencer = sequencer;
    }

    @Override
    public NodeId id() {
        return sequencer.id();
    }

    @Override
    public void onMessage(NodeId from, Message message, Outbox outbox) {
        if (!(message instanceof Nack)) {
            sequencer.onMessage(from, message, outbox);
        }
    }

    @Override
    public void onTick(long nowNs, Outbox outbox) {
        sequencer.onTick(nowNs, outbox);
    }
}
