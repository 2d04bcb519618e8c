package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
