package dsms.market;

import dsms.core.AuditSink;
import dsms.core.DeterministicService;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.CommandDecoding;
import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;

/**
 * The share market behind the replication engine's byte interface: decodes a command, applies it
 * to a {@link ShareMarket} and encodes the result canonically.
 */
public final class MarketService implements DeterministicService {
    private final ShareMarket market = new ShareMarket();

    /** The typed market behind this service, for callers that also want typed results. */
    public ShareMarket market() {
        return market;
    }

    @Override
    public byte[] apply(long sequence, long timestampMillis, byte[] command, AuditSink audit) {
        CommandDecoding decoding = CommandCodec.decode(command);
        Result result;
        if (decoding instanceof CommandDecoding.Decoded decoded) {
            result = market.execute(sequence, timestampMillis, decoded.command(), audit);
        } else {
            // Undecodable bytes change nothing; they are answered and logged, never thrown back.
            result = ((CommandDecoding.Malformed) decoding).toResult();
            if (audit.isEnabled()) {
                market.recordMalformed(sequence, timestampMillis, command == null ? 0 : command.length, result, audit);
            }
        }
        return ResultCodec.encode(result);
    }

    @Override
    public byte[] snapshot() {
        return market.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
        market.restore(snapshot);
    }

    @Override
    public void checkInvariants() {
        market.checkInvariants();
    }
}
