package dsms.market.result;

/**
 * The stable result codes of DOMAIN.md. Each code has a fixed wire ID used by the canonical result
 * encoding, so reordering or adding constants never changes the bytes replicas vote on.
 */
public enum ResultCode {
    OK(0),
    INVALID_ARGUMENT(1),
    NOT_AUTHORIZED(2),
    SHARE_EXISTS(3),
    SHARE_NOT_FOUND(4),
    ALREADY_HELD(5),
    DAILY_LIMIT(6),
    WEEKLY_LIMIT(7),
    SHARE_FULL(8),
    NOT_HELD(9),
    INSUFFICIENT_HOLDING(10);

    private static final ResultCode[] BY_WIRE_ID = buildWireTable();

    private final int wireId;
    /** The name as a fixed piece of text, for audit lines. */
    private final AsciiText nameText;

    ResultCode(int wireId) {
        this.wireId = wireId;
        this.nameText = AsciiText.of(name());
    }

    public AsciiText nameText() {
        return nameText;
    }

    public int wireId() {
        return wireId;
    }

    /** Returns the code with that wire ID, or null when there is none. */
    public static ResultCode ofWireId(int wireId) {
        return wireId >= 0 && wireId < BY_WIRE_ID.length ? BY_WIRE_ID[wireId] : null;
    }

    private static ResultCode[] buildWireTable() {
        ResultCode[] table = new ResultCode[values().length];
        for (ResultCode code : values()) {
            table[code.wireId] = code;
        }
        return table;
    }
}
