package dsms.market.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.market.Market;
import dsms.market.ShareMarket;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;
import dsms.market.workload.WorkloadGenerator;
import dsms.market.ShareType;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.Holding;
import dsms.market.result.ResultData.HoldingList;
import dsms.market.result.ResultData.ShareAdded;
import dsms.market.result.ResultData.ShareAvailability;
import dsms.market.result.ResultData.ShareAvailabilityList;
import dsms.market.result.ResultData.SharePurchased;
import dsms.market.result.ResultData.ShareRemoved;
import dsms.market.result.ResultData.ShareSold;
import dsms.market.result.ResultData.SharesSwapped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResultCodecTest {
    private static final List<Result> EVERY_KIND =
            List.of(
                    Result.ok("added", new ShareAdded("NYKM100224", ShareType.EQUITY, 5)),
                    Result.ok("removed", new ShareRemoved("NYKM100224", ShareType.BONUS, 3)),
                    Result.ok("listed", new ShareAvailabilityList(List.of(
                            new ShareAvailability(Market.LON, "LONM100224", ShareType.DIVIDEND, 10, 4),
                            new ShareAvailability(Market.TOK, "TOKE100224", ShareType.DIVIDEND, 1_000_000_000, 0)))),
                    Result.ok("listed none", new ShareAvailabilityList(List.of())),
                    Result.ok("purchased", new SharePurchased("NYKM100224", ShareType.EQUITY, 10, 7)),
                    Result.ok("held", new HoldingList(List.of(new Holding(Market.NYK, "NYKM100224", ShareType.BONUS, 2)))),
                    Result.ok("sold", new ShareSold("NYKM100224", ShareType.EQUITY, 1, 0)),
                    Result.ok("swapped", new SharesSwapped("NYKM100224", ShareType.EQUITY, "TOKA010125", ShareType.DIVIDEND, 9)),
                    Result.failure(ResultCode.WEEKLY_LIMIT, "too many — ünïcode"),
                    Result.failure(ResultCode.INSUFFICIENT_HOLDING, ""));

    @Test
    void shouldRoundTripEveryKindOfResult() {
        for (Result result : EVERY_KIND) {
            assertThat(ResultCodec.decode(ResultCodec.encode(result))).contains(result);
        }
    }

    @Test
    void shouldRoundTripEveryCode() {
        for (ResultCode code : ResultCode.values()) {
            if (code != ResultCode.OK) {
                Result result = Result.failure(code, code.name());
                assertThat(ResultCodec.decode(ResultCodec.encode(result))).contains(result);
            }
        }
    }

    @Test
    void shouldGiveEqualBytesForEqualResultsAndDifferentBytesOtherwise() {
        Result result = Result.ok("sold", new ShareSold("NYKM100224", ShareType.EQUITY, 1, 0));
        Result equal = Result.ok("sold", new ShareSold("NYKM100224", ShareType.EQUITY, 1, 0));
        assertThat(ResultCodec.encode(result)).isEqualTo(ResultCodec.encode(equal)).startsWith((byte) ResultCodec.VERSION);
        Result other = Result.ok("sold", new ShareSold("NYKM100224", ShareType.EQUITY, 1, 1));
        assertThat(ResultCodec.encode(result)).isNotEqualTo(ResultCodec.encode(other));
    }

    @Test
    void shouldRejectTruncationsTrailingBytesAndUnknownCodes() {
        for (Result result : EVERY_KIND) {
            byte[] bytes = ResultCodec.encode(result);
            for (int length = 0; length < bytes.length; length++) {
                assertThat(ResultCodec.decode(Arrays.copyOf(bytes, length))).as("cut to %d", length).isEmpty();
            }
            assertThat(ResultCodec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isEmpty();
        }
        byte[] unknownCode = ResultCodec.encode(Result.failure(ResultCode.NOT_HELD, "x"));
        unknownCode[1] = 99;
        assertThat(ResultCodec.decode(unknownCode)).isEmpty();
        assertThat(ResultCodec.decode(null)).isEmpty();
    }

    @Test
    void shouldNeverThrowOnCorruptedBytes() {
        SplittableRandom random = new SplittableRandom(9);
        for (int attempt = 0; attempt < 20_000; attempt++) {
            byte[] bytes = ResultCodec.encode(EVERY_KIND.get(random.nextInt(EVERY_KIND.size())));
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            Optional<Result> decoded = ResultCodec.decode(bytes);
            decoded.ifPresent(result -> assertThat(ResultCodec.encode(result)).isEqualTo(bytes));
        }
    }

    @Test
    void shouldEncodeResultsWithMessagesWrittenFromTheirDataExactlyAsWithTheText() {
        ShareMarket market = new ShareMarket();
        WorkloadGenerator generator = new WorkloadGenerator(7, Universe.crowded(), Mix.FULL);
        for (int operation = 1; operation <= 20_000; operation++) {
            Result result = market.execute(operation, operation, generator.next(), AuditSink.NONE);
            generator.observe(result);
            byte[] fromPieces = ResultCodec.encode(result);
            Result withText = new Result(result.code(), result.message(), result.data());
            assertThat(fromPieces).isEqualTo(ResultCodec.encode(withText));
            assertThat(result).isEqualTo(withText).hasSameHashCodeAs(withText);
            assertThat(ResultCodec.decode(fromPieces)).contains(withText);
        }
    }

    @Test
    void shouldSpellNumbersAndNonAsciiTextInMessagePiecesAsTheTextDoes() {
        for (long number : new long[] {0, 7, -7, 10, 1_000_000_000, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Result fromPieces = Result.ok(new ShareAdded("é\uD800x", ShareType.EQUITY, number),
                    (added, sink) -> sink.append(added.capacity()).append(' ').append(added.shareId()).append('\u00e9'));
            String text = number + " é\uD800x\u00e9";
            assertThat(fromPieces.message()).isEqualTo(text);
            Result fresh = Result.ok(new ShareAdded("é\uD800x", ShareType.EQUITY, number),
                    (added, sink) -> sink.append(added.capacity()).append(' ').append(added.shareId()).append('\u00e9'));
            assertThat(ResultCodec.encode(fresh))
                    .isEqualTo(ResultCodec.encode(Result.ok(text, new ShareAdded("é\uD800x", ShareType.EQUITY, number))));
        }
    }
}
