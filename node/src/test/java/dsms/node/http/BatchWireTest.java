package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.market.Market;
import dsms.market.ShareType;
import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData;
import dsms.node.http.BatchWire.Call;
import dsms.node.http.BatchWire.RefusalEntry;
import dsms.node.http.BatchWire.ResultEntry;
import dsms.node.http.OperationBodies.BatchItem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The binary batch format on its own: both sides, every refusal, and bytes from the network that are wrong. */
class BatchWireTest {
    private static final List<Call> CALLS = List.of(
            new Call("purchaseShare", List.of("NYKM010126", "EQUITY", "1")),
            new Call("getShares", List.of()),
            new Call("sellShare", List.of("NYKM010126", "1")),
            new Call("swapShares", List.of("NYKM010126", "EQUITY", "TOKA020226", "BONUS")),
            new Call("addShare", List.of("LONE030326", "DIVIDEND", "100")));

    private static String refusal(byte[] body) {
        try {
            BatchWire.decodeRequest(body, HttpApi.BATCH_OPERATIONS_MAX);
        } catch (ApiError error) {
            assertThat(error.code()).isEqualTo(ApiErrorCode.BAD_REQUEST);
            return error.getMessage();
        }
        throw new AssertionError("decoded " + Arrays.toString(body));
    }

    /** A request of one operation with the given raw parts. */
    private static byte[] oneOperation(int number, int argumentCount, byte[]... arguments) {
        ByteBuffer body = ByteBuffer.allocate(4096);
        body.put((byte) 1).putShort((short) 1).put((byte) number).put((byte) argumentCount);
        for (byte[] argument : arguments) {
            body.putShort((short) argument.length).put(argument);
        }
        return Arrays.copyOf(body.array(), body.position());
    }

    @Test
    void shouldCarryEveryOperationWithItsArgumentsInOrder() {
        List<BatchItem> items = BatchWire.decodeRequest(BatchWire.encodeRequest(CALLS), HttpApi.BATCH_OPERATIONS_MAX);

        assertThat(items).hasSize(CALLS.size());
        for (int index = 0; index < CALLS.size(); index++) {
            assertThat(items.get(index).operation().name()).isEqualTo(CALLS.get(index).operation());
            assertThat(items.get(index).arguments()).isEqualTo(CALLS.get(index).arguments());
        }
        List<BatchItem> accented = BatchWire.decodeRequest(BatchWire.encodeRequest(
                List.of(new Call("getShares", List.of("Zürich ✓")))), 1);
        assertThat(accented.get(0).arguments()).containsExactly("Zürich ✓");
    }

    @Test
    void shouldEncodeTheExampleOfTheFormatsDescription() {
        // docs/BINARY-BATCH.md, "Example".
        String documented = "01 0002 04 03 000a 544f4b4d303130313237 0006 455155495459 0001 33 05 00";

        byte[] encoded = BatchWire.encodeRequest(List.of(new Call("purchaseShare", List.of("TOKM010127", "EQUITY", "3")),
                new Call("getShares", List.of())));

        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(documented.replace(" ", ""));
    }

    @Test
    void shouldNumberEveryOperationOfTheApiOnce() {
        assertThat(BatchWire.OPERATION_NAMES).containsExactlyInAnyOrderElementsOf(Operations.ALL.keySet());
        assertThat(BatchWire.operationNumber("addShare")).isEqualTo(1);
        assertThat(BatchWire.operationNumber("swapShares")).isEqualTo(7);
    }

    @Test
    void shouldRefuseMalformedRequestsSayingWhatIsWrong() {
        byte[] valid = BatchWire.encodeRequest(CALLS);

        assertThat(refusal(new byte[0])).contains("version byte and an operation count");
        assertThat(refusal(new byte[] {2, 0, 1, 5, 0})).contains("version 2 is not supported");
        assertThat(refusal(new byte[] {1, 0, 0})).contains("1 to 1000 operations, not 0");
        assertThat(refusal(new byte[] {1, 0x03, (byte) 0xE9})).contains("not 1001");
        assertThat(refusal(oneOperation(0, 0))).contains("operations[0]: unknown operation number 0");
        assertThat(refusal(oneOperation(8, 0))).contains("unknown operation number 8").contains("swapShares");
        assertThat(refusal(oneOperation(5, 9))).contains("operations[0]: 9 arguments");
        assertThat(refusal(oneOperation(5, 1, new byte[BatchWire.ARGUMENT_BYTES_MAX + 1]))).contains("1025 bytes");
        assertThat(refusal(oneOperation(5, 1, new byte[] {(byte) 0xC3, 0x28}))).contains("not valid UTF-8");
        assertThat(refusal(Arrays.copyOf(valid, valid.length - 1))).contains("ends in the middle of an operation");
        assertThat(refusal(Arrays.copyOf(valid, valid.length + 2))).contains("2 bytes follow the last of the 5 operations");
        byte[] secondUnknown = BatchWire.encodeRequest(CALLS);
        secondUnknown[3 + 2 + 2 + 10 + 2 + 6 + 2 + 1] = 42;
        assertThat(refusal(secondUnknown)).as("the index of the operation at fault").contains("operations[1]: unknown operation number 42");
    }

    @Test
    void shouldNeverFailOtherwiseOnCorruptedRequests() {
        byte[] valid = BatchWire.encodeRequest(CALLS);
        SplittableRandom random = new SplittableRandom(20261122);
        for (int attempt = 0; attempt < 20_000; attempt++) {
            byte[] body = random.nextBoolean() ? valid.clone() : Arrays.copyOf(valid, random.nextInt(valid.length + 8));
            for (int flips = random.nextInt(1, 4); flips > 0 && body.length > 0; flips--) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            try {
                BatchWire.decodeRequest(body, HttpApi.BATCH_OPERATIONS_MAX);
            } catch (ApiError refused) {
                assertThat(refused.code()).isEqualTo(ApiErrorCode.BAD_REQUEST);
            }
        }
    }

    @Test
    void shouldGiveClientsTheResultBytesAndRefusalsInOrder() {
        Result sold = new Result(ResultCode.OK, "sold", new ResultData.ShareSold("NYKM010126", ShareType.EQUITY, 1, 2));
        Result holdings = new Result(ResultCode.OK, "held", new ResultData.HoldingList(
                List.of(new ResultData.Holding(Market.TOK, "TOKA020226", ShareType.BONUS, 7))));
        List<BatchWire.Entry> entries = List.of(
                new ResultEntry(ResultCodec.encode(sold)),
                new RefusalEntry("TIMED_OUT", "the cluster did not answer in time; retry the batch — safely"),
                new ResultEntry(ResultCodec.encode(holdings)),
                new ResultEntry(ResultCodec.encode(new Result(ResultCode.NOT_HELD, "not held", null))));

        BatchWire.Answer answer = BatchWire.decodeAnswer(BatchWire.encodeAnswer(entries)).orElseThrow();

        assertThat(answer.entries()).hasSize(4);
        assertThat(ResultCodec.decode(((ResultEntry) answer.entries().get(0)).result())).contains(sold);
        assertThat(answer.entries().get(1)).isEqualTo(entries.get(1));
        assertThat(ResultCodec.decode(((ResultEntry) answer.entries().get(2)).result())).contains(holdings);
        assertThat(BatchWire.resultCode(((ResultEntry) answer.entries().get(3)).result())).isEqualTo(ResultCode.NOT_HELD);
    }

    @Test
    void shouldRejectMalformedAnswersWithoutThrowing() {
        byte[] answer = BatchWire.encodeAnswer(List.of(new ResultEntry(ResultCodec.encode(new Result(ResultCode.SHARE_FULL, "full", null))),
                new RefusalEntry("NO_QUORUM", "no")));
        for (int length = 0; length < answer.length; length++) {
            assertThat(BatchWire.decodeAnswer(Arrays.copyOf(answer, length))).as("cut at %d", length).isEmpty();
        }
        assertThat(BatchWire.decodeAnswer(Arrays.copyOf(answer, answer.length + 1))).as("trailing byte").isEmpty();
        byte[] unknownKind = answer.clone();
        unknownKind[3] = 7;
        assertThat(BatchWire.decodeAnswer(unknownKind)).isEmpty();
        assertThat(BatchWire.resultCode(new byte[] {1})).isNull();
        assertThat(BatchWire.resultCode(new byte[] {9, 0})).as("another result version").isNull();
        assertThat(BatchWire.resultCode(new byte[] {1, 99})).as("no such code").isNull();
    }

    @Test
    void shouldCutOverlongRefusalMessagesAtACharacterBoundary() {
        String message = "é".repeat(40_000);
        RefusalEntry decoded = (RefusalEntry) BatchWire.decodeAnswer(BatchWire.encodeAnswer(
                List.of(new RefusalEntry("OVERLOADED", message)))).orElseThrow().entries().get(0);

        assertThat(decoded.message()).hasSize(32_767).isEqualTo("é".repeat(32_767));
    }

    @Test
    void shouldRecogniseTheContentTypeWithParametersAndAnyCase() {
        assertThat(BatchWire.isBinary("application/vnd.dsms.batch")).isTrue();
        assertThat(BatchWire.isBinary("Application/VND.dsms.Batch; version=1")).isTrue();
        assertThat(BatchWire.isBinary("application/json")).isFalse();
        assertThat(BatchWire.isBinary("application/vnd.dsms.batchx")).isFalse();
        assertThat(BatchWire.isBinary(null)).isFalse();
    }

    @Test
    void shouldRefuseToEncodeWhatNoFrontEndWouldRead() {
        assertThatThrownBy(() -> BatchWire.encodeRequest(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchWire.encodeRequest(List.of(new Call("stealShares", List.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stealShares");
        List<String> nine = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"));
        assertThatThrownBy(() -> BatchWire.encodeRequest(List.of(new Call("getShares", nine))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
