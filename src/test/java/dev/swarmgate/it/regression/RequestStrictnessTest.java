package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, weak spots: requests whose framing, version or authority is ambiguous are refused before anything
 * reaches a backend (RFC 9112 §3.2, §6.1), and the connection is closed after the refusal.
 */
class RequestStrictnessTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    private ResponseHead refused(String request) {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines());
        ResponseHead head;
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            head = client.write(request).readHead();
            assertThat(client.isClosedByPeer()).as("connection closed after a refusal").isTrue();
        }
        // A good request afterwards proves the backend was reachable, and that nothing else reached it.
        assertThat(gateway.get("/demo/probe").statusCode()).isEqualTo(200);
        assertThat(scenario.backend().requestLines()).containsExactly("GET /demo/probe HTTP/1.1");
        return head;
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "identity, chunked|400",
            ",chunked|400",
            "chunked,|400",
            "chunked, chunked|400",
            "gzip, chunked|501",
            "gzip|400",
            "identity|400"})
    void transferEncodingOtherThanAloneChunkedIsRefused(String value, int status) {
        ResponseHead head = refused("POST /demo/te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + value
                + "\r\n\r\n0\r\n\r\n");
        assertThat(head.status()).isEqualTo(status);
    }

    @Test
    void twoTransferEncodingHeadersAreRefused() {
        ResponseHead head = refused("POST /demo/te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(head.status()).isIn(400, 501);
    }

    /**
     * Classic smuggling vectors: each would let two parsers disagree on where the body ends, or carries bytes a field
     * value may not hold (RFC 9110 §5.5). An obs-fold continuation is refused by the decoder when it would extend a
     * framing header, and folded into one value otherwise (RFC 9112 §5.2 allows both).
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Content-Length : 3",
            "Transfer-Encoding : chunked",
            "Content-Length: +3",
            "Content-Length: 0x3",
            "Content-Length: 3 3",
            "Content-Length: 3, 4",
            "Transfer-Encoding: xchunked",
            "Transfer-Encoding: chunked\u0000",
            "Transfer-Encoding:\r\n chunked",
            "X-Nul: a\u0000b",
            "X-Bell: a\u0007b",
            "X-Delete: a\u007fb"})
    void ambiguousFramingIsRefused(String header) {
        ResponseHead head = refused("POST /demo/smuggle HTTP/1.1\r\nHost: a\r\n" + header
                + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(head.status()).isBetween(400, 501);
    }

    @Test
    void transferEncodingOnAnHttp10RequestIsRefused() {
        ResponseHead head = refused("POST /demo/old HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n");
        assertThat(head.status()).isEqualTo(400);
    }

    @Test
    void aChunkSizeThatOverflowsIsRefused() {
        ResponseHead head = refused("POST /demo/big HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "fffffffffffffffff1\r\nabc\r\n0\r\n\r\n");
        assertThat(head.status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"HTTP/2.0|505", "HTTP/1.2|505", "http/1.1|400", "HTTP/3.0|505"})
    void onlyHttp10And11AreAccepted(String version, int status) {
        ResponseHead head = refused("GET /demo/version " + version + "\r\nHost: a\r\n\r\n");
        assertThat(head.status()).isEqualTo(status);
    }

    @Test
    void twoHostHeadersAre400() {
        assertThat(refused("GET /demo/h HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status()).isEqualTo(400);
    }

    @Test
    void http11WithoutHostIs400() {
        assertThat(refused("GET /demo/h HTTP/1.1\r\n\r\n").status()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a b", "a/b", "a@b", "[::1", "a:port", "a:99999"})
    void aHostThatIsNotAnAuthorityIs400(String host) {
        assertThat(refused("GET /demo/h HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status()).isEqualTo(400);
    }

    @Test
    void http10WithoutHostIsServed() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines());
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("GET /demo/old HTTP/1.0\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(body(client, head)).isEqualTo("GET /demo/old HTTP/1.1");
        }
    }

    @Test
    void theAuthorityOfAnAbsoluteFormTargetWinsOverHost() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines());
        gateway.route("other", scenario.backend().port(), "servicePath=/demo&serviceDomain=good.example");
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("GET http://good.example/demo/abs HTTP/1.1\r\nHost: evil.example\r\n\r\n")
                    .readHead();
            assertThat(head.status()).isEqualTo(200);
            body(client, head);
        }
        String received = scenario.backend().received();
        assertThat(received).startsWith("GET /demo/abs HTTP/1.1\r\n");
        assertThat(received).containsIgnoringCase("\r\nhost: good.example\r\n").doesNotContain("evil.example");
    }
}
