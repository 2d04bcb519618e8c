package dsms.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.core.AuditSink;
import dsms.core.SnapshotFormatException;
import dsms.core.StateDigest;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The byte interface: malformed commands, canonical snapshots and validated restores. */
class MarketServiceTest {
    private final MarketService service = new MarketService();
    private long sequence;

    private Result apply(Command command) {
        return ResultCodec.decode(service.apply(++sequence, sequence, CommandCodec.encode(command), AuditSink.NONE)).orElseThrow();
    }

    private void givenSomeState() {
        apply(new AddShare("NYKA0001", "NYKM100224", "EQUITY", 100));
        apply(new AddShare("LONA0001", "LONE120224", "BONUS", 50));
        apply(new PurchaseShare("NYKB0001", "NYKM100224", "EQUITY", 30));
        apply(new PurchaseShare("TOKB0002", "LONE120224", "BONUS", 10));
    }

    @Test
    void shouldApplyEncodedCommandsAndEncodeTheResult() {
        assertThat(apply(new AddShare("NYKA0001", "NYKM100224", "EQUITY", 100)).code()).isEqualTo(ResultCode.OK);
        assertThat(service.market().shareCount()).isEqualTo(1);
    }

    @Test
    void shouldAnswerMalformedBytesWithInvalidArgumentAndChangeNothing() {
        givenSomeState();
        byte[] before = service.snapshot();
        RecordingAuditSink audit = new RecordingAuditSink();
        byte[] answer = service.apply(99, 0, new byte[] {1, 42, 0}, audit);
        assertThat(ResultCodec.decode(answer).orElseThrow().code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(service.snapshot()).isEqualTo(before);
        assertThat(audit.logs()).containsExactly("rejected");
        assertThat(ResultCodec.decode(service.apply(100, 0, null, AuditSink.NONE)).orElseThrow().code())
                .isEqualTo(ResultCode.INVALID_ARGUMENT);
    }

    @Test
    void shouldGiveTheSameSnapshotForAShareAddedThenRemovedAsForNeverAdded() {
        givenSomeState();
        byte[] before = service.snapshot();
        apply(new AddShare("TOKA0001", "TOKM130224", "DIVIDEND", 10));
        apply(new PurchaseShare("NYKB0001", "TOKM130224", "DIVIDEND", 4));
        apply(new RemoveShare("TOKA0001", "TOKM130224", "DIVIDEND"));
        assertThat(service.snapshot()).isEqualTo(before);
        assertThat(service.digest()).isEqualTo(StateDigest.of(before));
    }

    @Test
    void shouldGiveTheSameSnapshotWhateverTheOrderOfIndependentOperations() {
        MarketService other = new MarketService();
        givenSomeState();
        other.apply(1, 0, CommandCodec.encode(new AddShare("LONA0001", "LONE120224", "BONUS", 50)), AuditSink.NONE);
        other.apply(2, 0, CommandCodec.encode(new PurchaseShare("TOKB0002", "LONE120224", "BONUS", 10)), AuditSink.NONE);
        other.apply(3, 0, CommandCodec.encode(new AddShare("NYKA0001", "NYKM100224", "EQUITY", 100)), AuditSink.NONE);
        other.apply(4, 0, CommandCodec.encode(new PurchaseShare("NYKB0001", "NYKM100224", "EQUITY", 35)), AuditSink.NONE);
        other.apply(5, 0, CommandCodec.encode(new SellShare("NYKB0001", "NYKM100224", 5, null)), AuditSink.NONE);
        assertThat(other.snapshot()).isEqualTo(service.snapshot());
    }

    @Test
    void shouldRestoreASnapshotIntoAFreshService() {
        givenSomeState();
        MarketService restored = new MarketService();
        restored.restore(service.snapshot());
        restored.checkInvariants();
        assertThat(restored.snapshot()).isEqualTo(service.snapshot());
        assertThat(restored.market().holdingCount()).isEqualTo(2);
    }

    @Test
    void shouldRejectEveryTruncationOfASnapshotAndKeepTheState() {
        givenSomeState();
        byte[] snapshot = service.snapshot();
        MarketService target = new MarketService();
        target.apply(1, 0, CommandCodec.encode(new AddShare("TOKA0001", "TOKM130224", "DIVIDEND", 10)), AuditSink.NONE);
        byte[] targetBefore = target.snapshot();
        for (int length = 0; length < snapshot.length; length++) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            assertThatThrownBy(() -> target.restore(truncated)).isInstanceOf(SnapshotFormatException.class);
        }
        assertThatThrownBy(() -> target.restore(Arrays.copyOf(snapshot, snapshot.length + 1)))
                .isInstanceOf(SnapshotFormatException.class);
        assertThat(target.snapshot()).isEqualTo(targetBefore);
    }

    @Test
    void shouldRejectSnapshotsThatBreakAnInvariant() {
        givenSomeState();
        byte[] snapshot = service.snapshot();
        // Layout: magic (4), version (1), share count (4), then key, capacity, remaining per share.
        int firstRemaining = 4 + 1 + 4 + 8;
        assertRejected(withInt(snapshot, firstRemaining, 49), "remaining + holdings");
        assertRejected(withInt(snapshot, firstRemaining - 4, 0), "capacity");
        assertRejected(withInt(snapshot, 0, 0x12345678), "magic");
        assertRejected(withByte(snapshot, 4, 9), "version");
        int firstKey = 4 + 1 + 4;
        int secondKey = firstKey + 12;
        assertRejected(withInt(snapshot, secondKey, ByteBuffer.wrap(snapshot).getInt(firstKey)), "ascending");
        int firstHoldingCount = secondKey + 12 + 4 + 4;
        assertRejected(withInt(snapshot, firstHoldingCount + 8, 0), "holding count");
        assertRejected(withInt(snapshot, firstHoldingCount + 4, 12345), "missing share");
    }

    private static void assertRejected(byte[] snapshot, String reason) {
        MarketService target = new MarketService();
        assertThatThrownBy(() -> target.restore(snapshot)).isInstanceOf(SnapshotFormatException.class).hasMessageContaining(reason);
        assertThat(target.market().shareCount()).isZero();
    }

    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }

    private static byte[] withByte(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        copy[offset] = (byte) value;
        return copy;
    }
}
