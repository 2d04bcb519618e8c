package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.node.http.Operations.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operation bodies become command-line arguments only when they are exactly the operation's fields. */
class OperationBodiesTest {
    private static final int OPERATIONS_MAX = 3;
    private final OperationBodies bodies = new OperationBodies();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Operation operation(String name) {
        return Operations.find(name).orElseThrow();
    }

    private String refusalOfBatch(String body) {
        return refusal(() -> bodies.batch(utf8(body), OPERATIONS_MAX));
    }

    private String refusalOf(String operation, String body) {
        return refusal(() -> bodies.arguments(operation(operation), utf8(body)));
    }

    private static String refusal(Runnable parse) {
        ApiError error = (ApiError) org.assertj.core.api.Assertions.catchThrowable(parse::run);
        assertThat(error).as("refused").isNotNull();
        assertThat(error.code()).isEqualTo(ApiErrorCode.BAD_REQUEST);
        return error.getMessage();
    }

    @Test
    void shouldGiveTheArgumentsInCommandLineOrderWhateverTheFieldOrder() {
        assertThat(bodies.arguments(operation("purchaseShare"),
                utf8("{\"count\":5,\"shareType\":\"EQUITY\",\"shareId\":\"TOKM010227\"}")))
                .containsExactly("TOKM010227", "EQUITY", "5");
        assertThat(bodies.arguments(operation("getShares"), new byte[0])).isEmpty();
        assertThat(bodies.arguments(operation("sellShare"), utf8("{\"shareId\":\"TOKM010227\",\"count\":2,\"shareType\":null}")))
                .as("an optional field may be null or absent")
                .containsExactly("TOKM010227", "2");
    }

    @Test
    void shouldReadEveryOperationOfABatchWithItsNameAnywhereInItsObject() {
        List<OperationBodies.BatchItem> items = bodies.batch(utf8("{\"operations\":["
                + "{\"operation\":\"getShares\"},"
                + "{\"shareId\":\"NYKM010227\",\"operation\":\"sellShare\",\"count\":1},"
                + "{\"operation\":\"addShare\",\"shareId\":\"NYKM020227\",\"shareType\":\"BOND\",\"capacity\":100}]}"),
                OPERATIONS_MAX);

        assertThat(items).extracting(item -> item.operation().name())
                .containsExactly("getShares", "sellShare", "addShare");
        assertThat(items).extracting(OperationBodies.BatchItem::arguments)
                .containsExactly(List.of(), List.of("NYKM010227", "1"), List.of("NYKM020227", "BOND", "100"));
    }

    @Test
    void shouldRefuseAFieldOfTheWrongTypeMissingUnknownOrTwice() {
        assertThat(refusalOf("purchaseShare", "{\"shareId\":\"A\",\"shareType\":\"EQUITY\",\"count\":\"5\"}"))
                .contains("'count' must be a JSON integer");
        assertThat(refusalOf("purchaseShare", "{\"shareId\":1,\"shareType\":\"EQUITY\",\"count\":5}"))
                .contains("'shareId' must be a JSON string");
        assertThat(refusalOf("purchaseShare", "{\"shareId\":\"A\",\"shareType\":\"EQUITY\",\"count\":{\"n\":5}}"))
                .contains("'count' must be a JSON integer");
        assertThat(refusalOf("purchaseShare", "{\"shareId\":\"A\",\"shareType\":\"EQUITY\"}"))
                .contains("missing field 'count'").contains("shareId, shareType, count");
        assertThat(refusalOf("getShares", "{\"userId\":\"NYKB0001\"}"))
                .contains("unknown field 'userId'").contains("API key");
        assertThat(refusalOf("getShares", "{\"userId\":\"NYKB0001\",\"userId\":\"NYKB0002\"}"))
                .contains("duplicate field 'userId'");
        assertThat(refusalOf("getShares", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9}"))
                .contains("too many fields");
    }

    @Test
    void shouldRefuseABodyThatIsNotOneJsonObject() {
        assertThat(refusalOf("getShares", "{\"shareType\":")).contains("not valid JSON");
        assertThat(refusalOf("getShares", "[]")).contains("must be a JSON object");
        assertThat(refusalOf("getShares", "null")).contains("must be a JSON object");
        assertThat(refusalOf("getShares", "{} {}")).contains("not valid JSON");
        assertThat(refusalOf("getShares", "{} x")).contains("not valid JSON");
        assertThat(refusalOf("getShares", "{\"a\":[1,2")).contains("not valid JSON");
    }

    @Test
    void shouldRefuseAWholeBatchNamingTheFirstMalformedOperation() {
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"getShares\"},"
                + "{\"operation\":\"addShare\",\"shareId\":\"TOKM020227\",\"shareType\":\"EQUITY\"}]}"))
                .startsWith("operations[1]: missing field 'capacity'");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"stealShares\"}]}"))
                .startsWith("operations[0]: unknown operation 'stealShares'");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":7}]}"))
                .startsWith("operations[0]: missing string field 'operation'");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"getShares\"},\"getShares\"]}"))
                .startsWith("operations[1]: an operation must be a JSON object");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"getShares\",\"operation\":\"getShares\"}]}"))
                .startsWith("operations[0]: duplicate field 'operation'");
    }

    @Test
    void shouldRefuseBatchesThatAreEmptyTooLongOrNotABatch() {
        String four = "{\"operation\":\"getShares\"},".repeat(3) + "{\"operation\":\"getShares\"}";
        assertThat(refusalOfBatch("{\"operations\":[" + four + "]}")).contains("1 to 3 operations, not 4");
        assertThat(refusalOfBatch("{\"operations\":[]}")).contains("1 to 3 operations, not 0");
        assertThat(refusalOfBatch("{}")).contains("a batch body is");
        assertThat(refusal(() -> bodies.batch(new byte[0], OPERATIONS_MAX))).contains("a batch body is");
        assertThat(refusalOfBatch("{\"operations\":{}}")).contains("a batch body is");
        assertThat(refusalOfBatch("[{\"operation\":\"getShares\"}]")).contains("must be a JSON object");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"getShares\"}],\"user\":1}"))
                .contains("unknown field 'user'");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"getShares\"}],\"operations\":[]}"))
                .contains("duplicate field 'operations'");
        assertThat(refusalOfBatch("{\"operations\":[{\"operation\":\"getShares\"}]} []")).contains("not valid JSON");
    }
}
