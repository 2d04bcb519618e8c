package dsms.protocol.codec;

import dsms.protocol.message.Message;

/**
 * The type code of each message on the wire. Codes are explicit rather than ordinals so that
 * reordering this enum or the {@link Message} permits can never change the format.
 */
enum MessageType {
    CLIENT_REQUEST(1),
    SEQUENCER_ACK(2),
    SEQUENCER_BUSY(3),
    ORDERED_BATCH(4),
    SEQUENCER_HEARTBEAT(5),
    REPLICA_ACK(6),
    NACK(7),
    REPLICA_RESULT(8),
    RESULT_REQUEST(9),
    CRASH_SUSPICION(10),
    RESULT_VERDICT(11),
    CHECKPOINT_ANNOUNCEMENT(12),
    CHECKPOINT_QUERY(13),
    CHECKPOINT_CHUNK_REQUEST(14),
    CHECKPOINT_CHUNK(15),
    ENTRIES_REQUEST(16),
    ENTRIES_FORGOTTEN(17),
    PROBE(18),
    PROBE_REPLY(19),
    PROBE_REPORT(20),
    MANAGER_REPORT(21);

    /** Indexed by type code, so that decoding a type is one array read; null for unused codes. */
    private static final MessageType[] BY_CODE = byCode();

    final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The type with this code, or null when no type has it. */
    static MessageType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    private static MessageType[] byCode() {
        int codeMax = 0;
        for (MessageType type : values()) {
            codeMax = Math.max(codeMax, type.code);
        }
        MessageType[] byCode = new MessageType[codeMax + 1];
        for (MessageType type : values()) {
            byCode[type.code] = type;
        }
        return byCode;
    }
}
