package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The incremental HTTP/1.1 response parser, fed bytes directly in every possible split. */
class HttpResponseParserTest {
    private static final String BODY = "{\"ok\":true,\"code\":\"OK\",\"message\":\"you hold 1 share\",\"data\":{\"holdings\":[]}}";

    private static String body(HttpResponseParser parser) {
        return new String(parser.bodyArray(), parser.bodyOffset(), parser.bodyLength(), StandardCharsets.UTF_8);
    }

    /** Feeds {@code response} split at {@code split}; the parser must not finish before the last byte. */
    private static HttpResponseParser parseSplit(byte[] response, int split) throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        parser.receive(response, 0, split);
        if (split < response.length) {
            assertThat(parser.parse()).as("complete after only %d of %d bytes", split, response.length).isFalse();
            parser.receive(response, split, response.length - split);
        }
        assertThat(parser.parse()).isTrue();
        return parser;
    }

    @Test
    void shouldReadAContentLengthBodySplitAtEveryByte() throws Exception {
        byte[] response = ScriptedHttpServer.ok(BODY);
        for (int split = 1; split <= response.length; split++) {
            HttpResponseParser parser = parseSplit(response, split);
            assertThat(parser.status()).isEqualTo(200);
            assertThat(body(parser)).isEqualTo(BODY);
            assertThat(parser.closeAfter()).isFalse();
        }
    }

    @Test
    void shouldReassembleAChunkedBodySplitAtEveryByte() throws Exception {
        byte[] response = ScriptedHttpServer.chunked(BODY, 7);
        for (int split = 1; split <= response.length; split++) {
            HttpResponseParser parser = parseSplit(response, split);
            assertThat(body(parser)).as("split at %d", split).isEqualTo(BODY);
        }
    }

    @Test
    void shouldReadAChunkedBodyFedOneByteAtATime() throws Exception {
        byte[] response = ScriptedHttpServer.chunked(BODY, 5);
        HttpResponseParser parser = new HttpResponseParser();
        for (int index = 0; index < response.length; index++) {
            assertThat(parser.parse()).isFalse();
            parser.receive(response, index, 1);
        }
        assertThat(parser.parse()).isTrue();
        assertThat(body(parser)).isEqualTo(BODY);
    }

    @Test
    void shouldSkipChunkExtensionsAndTrailers() throws Exception {
        String text = "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
                + "4;name=value\r\n{\"ok\r\n" + "6\r\n\":true\r\n" + "1\r\n}\r\n" + "0\r\nX-Trailer: yes\r\n\r\n";
        HttpResponseParser parser = parseSplit(text.getBytes(StandardCharsets.US_ASCII), text.length());
        assertThat(body(parser)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void shouldKeepTheNextResponseWhenTwoArriveTogether() throws Exception {
        byte[] first = ScriptedHttpServer.ok(BODY);
        byte[] second = ScriptedHttpServer.chunked("{\"ok\":false,\"code\":\"NOT_HELD\"}", 4);
        byte[] both = ScriptedHttpServer.concat(first, second);
        HttpResponseParser parser = new HttpResponseParser();
        parser.receive(both, 0, both.length);

        assertThat(parser.parse()).isTrue();
        assertThat(body(parser)).isEqualTo(BODY);
        parser.consume();
        assertThat(parser.isEmpty()).isFalse();
        assertThat(parser.parse()).isTrue();
        assertThat(body(parser)).isEqualTo("{\"ok\":false,\"code\":\"NOT_HELD\"}");
        parser.consume();
        assertThat(parser.isEmpty()).isTrue();
    }

    @Test
    void shouldGrowForALargeBodyAndKeepWorkingAfterwards() throws Exception {
        String large = "{\"ok\":true,\"data\":\"" + "x".repeat(200_000) + "\"}";
        HttpResponseParser parser = parseSplit(ScriptedHttpServer.chunked(large, 8_192), 100);
        assertThat(body(parser)).isEqualTo(large);
        parser.consume();
        HttpResponseParser same = parser;
        byte[] next = ScriptedHttpServer.ok(BODY);
        same.receive(next, 0, next.length);
        assertThat(same.parse()).isTrue();
        assertThat(body(same)).isEqualTo(BODY);
    }

    @Test
    void shouldReadNonOkStatusesAndConnectionClose() throws Exception {
        String text = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}";
        HttpResponseParser parser = parseSplit(text.getBytes(StandardCharsets.US_ASCII), 20);
        assertThat(parser.status()).isEqualTo(503);
        assertThat(parser.closeAfter()).isTrue();
        assertThat(body(parser)).isEqualTo("{}");
    }

    @Test
    void shouldSkipAnInterimContinueResponse() throws Exception {
        String text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        HttpResponseParser parser = parseSplit(text.getBytes(StandardCharsets.US_ASCII), text.length());
        assertThat(parser.status()).isEqualTo(200);
        assertThat(body(parser)).isEqualTo("{}");
    }

    @Test
    void shouldReadABodyThatRunsToTheEndOfTheConnection() throws Exception {
        String text = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}";
        HttpResponseParser parser = new HttpResponseParser();
        parser.receive(text.getBytes(StandardCharsets.US_ASCII), 0, text.length());
        assertThat(parser.parse()).isFalse();
        assertThat(parser.endOfStream()).isTrue();
        assertThat(body(parser)).isEqualTo("{\"ok\":true}");
        assertThat(parser.closeAfter()).isTrue();
    }

    @Test
    void shouldTellAnIdleCloseFromAResponseCutOff() throws Exception {
        HttpResponseParser idle = new HttpResponseParser();
        assertThat(idle.endOfStream()).isFalse();

        byte[] response = ScriptedHttpServer.ok(BODY);
        HttpResponseParser cut = new HttpResponseParser();
        cut.receive(response, 0, response.length - 5);
        assertThat(cut.parse()).isFalse();
        assertThatThrownBy(cut::endOfStream).isInstanceOf(HttpResponseParser.MalformedResponseException.class)
                .hasMessageContaining("closed in the middle");
    }

    @Test
    void shouldRefuseWhatIsNotHttp() throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        byte[] garbage = "SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        parser.receive(garbage, 0, garbage.length);
        assertThatThrownBy(parser::parse).isInstanceOf(HttpResponseParser.MalformedResponseException.class);

        HttpResponseParser badChunk = new HttpResponseParser();
        byte[] chunk = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII);
        badChunk.receive(chunk, 0, chunk.length);
        assertThatThrownBy(badChunk::parse).hasMessageContaining("hexadecimal");
    }

    @Test
    void shouldRefuseHeadersBeyondTheirBound() throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        byte[] endless = ("HTTP/1.1 200 OK\r\nX-Padding: " + "a".repeat(HttpResponseParser.HEADER_BYTES_MAX))
                .getBytes(StandardCharsets.US_ASCII);
        parser.receive(endless, 0, endless.length);
        assertThatThrownBy(parser::parse).hasMessageContaining("headers exceed");
    }
}
