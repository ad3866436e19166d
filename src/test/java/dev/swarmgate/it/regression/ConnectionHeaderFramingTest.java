package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Locale;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 1: a header named in {@code Connection} is hop-by-hop, but the headers that frame a message
 * ({@code Content-Length}, {@code Transfer-Encoding}) and {@code Host} are never removable that way, on either side:
 * otherwise a body crosses the proxy unframed and a pooled backend connection parses it as the next request.
 */
class ConnectionHeaderFramingTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();
    private GatewayUnderTest gateway;
    private RawBackend backend;

    private void start(RawBackend backend) {
        this.backend = backend;
        gateway = scenario.start(backend);
    }

    @Test
    void contentLengthNamedInConnectionStillFramesTheBody() {
        start(RawBackend.echoingRequestLines());
        String smuggled = "GET /demo/SMUGGLED HTTP/1.1\r\nHost: a\r\n\r\n";
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            client.write("POST /demo/a HTTP/1.1\r\nHost: a\r\nContent-Length: " + smuggled.length()
                    + "\r\nConnection: Content-Length\r\n\r\n" + smuggled);
            ResponseHead head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(body(client, head)).isEqualTo("POST /demo/a HTTP/1.1");
        }
        // A request on the same pooled backend connection shows what the backend made of the bytes before it.
        assertThat(gateway.get("/demo/after").statusCode()).isEqualTo(200);
        assertThat(backend.requestLines()).containsExactly("POST /demo/a HTTP/1.1", "GET /demo/after HTTP/1.1");
        assertThat(backend.received()).containsIgnoringCase("content-length: " + smuggled.length() + "\r\n");
    }

    @Test
    void transferEncodingNamedInConnectionStillFramesTheBody() {
        start(RawBackend.echoingRequestLines());
        String smuggled = "GET /demo/SMUGGLED HTTP/1.1\r\nHost: a\r\n\r\n";
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            client.write("POST /demo/a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: Transfer-Encoding\r\n\r\n" + Integer.toHexString(smuggled.length()) + "\r\n"
                    + smuggled + "\r\n0\r\n\r\n");
            ResponseHead head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(body(client, head)).isEqualTo("POST /demo/a HTTP/1.1");
        }
        assertThat(gateway.get("/demo/after").statusCode()).isEqualTo(200);
        assertThat(backend.requestLines()).containsExactly("POST /demo/a HTTP/1.1", "GET /demo/after HTTP/1.1");
    }

    @Test
    void hostNamedInConnectionIsStillForwarded() {
        start(RawBackend.echoingRequestLines());
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("GET /demo/host HTTP/1.1\r\nHost: example.com\r\nConnection: Host\r\n\r\n")
                    .readHead();
            assertThat(head.status()).isEqualTo(200);
        }
        assertThat(backend.received()).containsIgnoringCase("\r\nhost: example.com\r\n");
    }

    @Test
    void aBackendCannotUnframeItsResponseThroughConnection() {
        start(RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                connection.readBody(head);
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: Content-Length\r\n\r\nhello");
            }
        }));
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead first = client.write("GET /demo/1 HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(first.header("Content-Length")).contains("5");
            assertThat(body(client, first)).isEqualTo("hello");
            // the client connection is still framed: a second request on it gets its own response
            ResponseHead second = client.write("GET /demo/2 HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(second.status()).isEqualTo(200);
            assertThat(body(client, second)).isEqualTo("hello");
        }
    }


    @Test
    void anH2cUpgradeIsNotForwarded() {
        start(RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                // A backend that would switch if asked: the proxy must not let it be asked.
                if (head.toLowerCase(Locale.ROOT).contains("upgrade: h2c")) {
                    connection.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
                } else {
                    connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                }
            }
        }));
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("GET /demo/h2c HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
        }
        assertThat(backend.received().toLowerCase(Locale.ROOT)).doesNotContain("upgrade")
                .doesNotContain("http2-settings");
    }
}
