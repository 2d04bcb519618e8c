package dsms.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dsms.market.result.ResultCode;
import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.http.Operations.Field;
import dsms.node.http.Operations.FieldKind;
import dsms.node.http.Operations.Operation;
import dsms.node.metrics.FrontEndMetrics;
import dsms.node.testing.ApiCalls;
import dsms.node.testing.LoopbackCluster;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document says what the server does: paths, fields, types and error codes. */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode document;
    private static LoopbackCluster cluster;

    @BeforeAll
    static void readDocumentAndStartCluster() throws Exception {
        try (InputStream input = OpenApiDocumentTest.class.getResourceAsStream("/dsms/web/openapi.json")) {
            document = JSON.readTree(input);
        }
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> names(Iterator<String> iterator) {
        List<String> names = new ArrayList<>();
        iterator.forEachRemaining(names::add);
        return names;
    }

    @Test
    void frontEndServesTheDocument() {
        ApiCalls.Answer answer = new ApiCalls(cluster.baseUrl()).get(HttpApi.OPENAPI_PATH, Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(document);
        assertThat(document.get("openapi").asText()).startsWith("3.");
    }

    @Test
    void documentsExactlyTheServersPaths() {
        Set<String> expected = new TreeSet<>(List.of(HttpApi.STATUS_PATH, HttpApi.OPENAPI_PATH, EventStream.PATH,
                FrontEndMetrics.PATH, "/", "/dashboard.js", "/dashboard.css", HttpApi.OPERATIONS_PATH + "{operation}",
                HttpApi.BATCH_PATH));
        Operations.ALL.keySet().forEach(name -> expected.add(HttpApi.OPERATIONS_PATH + name));
        assertThat(new TreeSet<>(names(document.get("paths").fieldNames()))).isEqualTo(expected);
    }

    @Test
    void everyOperationBodyListsItsFieldsWithTheirTypes() {
        for (Operation operation : Operations.ALL.values()) {
            JsonNode schema = document.at("/paths/" + escape(HttpApi.OPERATIONS_PATH + operation.name())
                    + "/post/requestBody/content/application~1json/schema");
            assertThat(schema.isMissingNode()).as(operation.name()).isFalse();
            assertThat(schema.get("additionalProperties").asBoolean(true)).as(operation.name()).isFalse();
            assertThat(names(schema.get("properties").fieldNames())).as(operation.name())
                    .containsExactlyElementsOf(operation.fields().stream().map(Field::name).toList());
            for (Field field : operation.fields()) {
                String type = schema.at("/properties/" + field.name() + "/type").asText();
                assertThat(type).as(operation.name() + "." + field.name())
                        .isEqualTo(field.kind() == FieldKind.COUNT ? "integer" : "string");
            }
            assertThat(document.at("/paths/" + escape(HttpApi.OPERATIONS_PATH + operation.name()) + "/post/x-run-by")
                    .asText()).as("who runs " + operation.name() + ", for the dashboard's forms").isIn("admin", "buyer", "any");
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            assertThat(required).as(operation.name()).containsExactlyElementsOf(
                    operation.fields().stream().filter(field -> !field.optional()).map(Field::name).toList());
        }
    }

    @Test
    void refusalCodesAreExactlyTheApiErrorCodes() {
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/Refusal/properties/code/enum").forEach(code -> documented.add(code.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ApiErrorCode.values()).map(Enum::name).toList());
    }

    @Test
    void everyApiErrorCodeIsDocumentedUnderItsHttpStatus() {
        String overview = document.at("/info/description").asText();
        for (ApiErrorCode code : ApiErrorCode.values()) {
            // Codes of any path (404, 405) are told once in the overview; the others per response.
            boolean found = overview.contains(code.httpStatus() + " " + code.name());
            for (JsonNode path : document.get("paths")) {
                for (JsonNode method : path) {
                    JsonNode response = method.path("responses").path(String.valueOf(code.httpStatus()));
                    found |= response.path("description").asText().contains(code.name());
                }
            }
            assertThat(found).as(code + " under HTTP " + code.httpStatus()).isTrue();
        }
    }

    @Test
    void resultCodesAreExactlyTheMarketsCodes() {
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/Result/properties/code/enum").forEach(code -> documented.add(code.asText()));
        assertThat(documented).containsExactlyElementsOf(Arrays.stream(ResultCode.values()).map(Enum::name).toList());
    }

    @Test
    void everyDocumentedPageAndDocumentIsServed() {
        ApiCalls api = new ApiCalls(cluster.baseUrl());
        for (String path : List.of("/", "/dashboard.js", "/dashboard.css", HttpApi.STATUS_PATH, FrontEndMetrics.PATH)) {
            ApiCalls.Answer answer = api.get(path, Map.of());
            assertThat(answer.status()).as(path).isEqualTo(200);
            String documentedType = document.at("/paths/" + escape(path) + "/get/responses/200/content")
                    .fieldNames().next();
            assertThat(answer.response().headers().firstValue("Content-Type").orElseThrow()).as(path)
                    .startsWith(documentedType);
        }
    }

    /** A path as a JSON pointer segment. */
    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
