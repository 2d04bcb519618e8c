package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.ShareType;
import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData;
import dsms.node.http.BatchWire;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sorting answers into successes, business errors and failures without a JSON tree. */
class ResultScannerTest {
    private static ResultScanner.Tally scan(String json, int depth) {
        byte[] bytes = ("xx" + json).getBytes(StandardCharsets.UTF_8);
        ResultScanner.Tally tally = new ResultScanner.Tally();
        ResultScanner.scan(bytes, 2, bytes.length - 2, depth, tally);
        return tally;
    }

    @Test
    void shouldSortOneOperationsAnswer() {
        ResultScanner.Tally ok = scan("{\"ok\":true,\"code\":\"OK\",\"message\":\"m\",\"data\":{\"holdings\":[]}}", 1);
        assertThat(ok.succeeded).isEqualTo(1);
        assertThat(ok.results()).isEqualTo(1);

        ResultScanner.Tally business = scan("{\"ok\":false,\"code\":\"INSUFFICIENT_HOLDING\",\"message\":\"m\"}", 1);
        assertThat(business.businessErrors).isEqualTo(1);
        assertThat(business.failed).isZero();
    }

    @Test
    void shouldSortEveryResultOfABatchCountingTheFrontEndsOwnCodesAsFailures() {
        String answer = "{\"results\":["
                + "{\"ok\":true,\"code\":\"OK\",\"message\":\"bought\",\"data\":{\"shareId\":\"NYKM010126\",\"code\":\"TIMED_OUT\"}},"
                + "{\"ok\":false,\"code\":\"ALREADY_HELD\",\"message\":\"already \\\"held\\\", \\\"ok\\\":true\"},"
                + "{\"ok\":false,\"code\":\"TIMED_OUT\",\"message\":\"the cluster did not answer in time\"},"
                + "{ \"code\" : \"NO_QUORUM\" , \"ok\" : false },"
                + "{\"ok\":false,\"code\":\"OVERLOADED\",\"message\":\"busy\"},"
                + "{\"ok\":false,\"code\":\"BAD_REQUEST\",\"message\":\"bad\"},"
                + "{\"ok\":true,\"code\":\"OK\",\"message\":\"{[}]\",\"data\":{\"holdings\":[{\"ok\":false}]}}"
                + "]}";
        ResultScanner.Tally tally = scan(answer, ResultScanner.BATCH_RESULT_DEPTH);
        assertThat(tally.succeeded).isEqualTo(2);
        assertThat(tally.businessErrors).isEqualTo(1);
        assertThat(tally.failed).isEqualTo(4);
    }

    @Test
    void shouldFindNoResultsInATruncatedOrForeignAnswer() {
        assertThat(scan("{\"results\":[{\"ok\":true,\"code\":\"OK\"", 3).results()).isZero();
        assertThat(scan("<html>busy</html>", 1).results()).isZero();
        assertThat(scan("{\"message\":\"no ok member\"}", 1).failed).isEqualTo(1);
    }

    private static ResultScanner.Tally scanBinary(byte[] answer) {
        byte[] bytes = new byte[answer.length + 3];
        System.arraycopy(answer, 0, bytes, 3, answer.length);
        ResultScanner.Tally tally = new ResultScanner.Tally();
        ResultScanner.scanBinary(bytes, 3, answer.length, tally);
        return tally;
    }

    private static BatchWire.Entry result(ResultCode code, ResultData data) {
        return new BatchWire.ResultEntry(ResultCodec.encode(new Result(code, "m", data)));
    }

    @Test
    void shouldSortEveryResultOfABinaryAnswerCountingRefusalsAsFailures() {
        byte[] answer = BatchWire.encodeAnswer(List.of(
                result(ResultCode.OK, new ResultData.ShareSold("NYKM010126", ShareType.EQUITY, 1, 0)),
                result(ResultCode.ALREADY_HELD, null),
                new BatchWire.RefusalEntry("TIMED_OUT", "the cluster did not answer in time"),
                result(ResultCode.OK, new ResultData.HoldingList(List.of())),
                new BatchWire.RefusalEntry("NO_QUORUM", "")));

        ResultScanner.Tally tally = scanBinary(answer);

        assertThat(tally.succeeded).isEqualTo(2);
        assertThat(tally.businessErrors).isEqualTo(1);
        assertThat(tally.failed).isEqualTo(2);
        for (int length = 0; length < answer.length; length++) {
            assertThat(scanBinary(Arrays.copyOf(answer, length)).results()).as("cut at %d", length).isLessThan(5);
        }
        assertThat(scanBinary(Arrays.copyOf(answer, answer.length + 1)).results()).as("a trailing byte").isZero();
        byte[] wrongResultVersion = answer.clone();
        wrongResultVersion[3 + 1 + 4] = 9;
        assertThat(scanBinary(wrongResultVersion).results()).isZero();
        assertThat(scanBinary("{\"results\":[]}".getBytes(StandardCharsets.UTF_8)).results()).as("JSON").isZero();
    }
}
