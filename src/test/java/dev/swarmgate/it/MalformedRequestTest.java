package dev.swarmgate.it;

import dev.swarmgate.testing.NginxBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests the proxy refuses itself (docs/proxying.md "Requests refused by the proxy itself"): the right status, the
 * connection closed afterwards, and nothing of the request reaching the backend.
 */
class MalformedRequestTest {

    @RegisterExtension
    static final NginxBackend nginx = new NginxBackend("n");

    private GatewayUnderTest gateway;

    @BeforeEach
    void startProxy() {
        gateway = GatewayUnderTest.start(Map.of("TIMEOUT_HTTP_REQUEST", "1"));
        gateway.route("web", nginx.port(), "servicePath=/");
    }

    @AfterEach
    void stopProxy() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Sends {@code request}, returns the head, checks the proxy closed the connection. */
    private ResponseHead refused(String request) {
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write(request).readHead();
            assertThat(head.header("X-Backend")).as("answered by the proxy, not by the backend").isEmpty();
            assertThat(client.isClosedByPeer()).as("connection closed after a refused request").isTrue();
            return head;
        }
    }

    /**
     * Asserts nothing with {@code marker} in its path reached nginx: a well-formed request sent afterwards must show
     * up in the access log first, so the log is known to be written when it is searched.
     */
    private void assertNeverReachedTheBackend(String marker) {
        String probe = "/probe-after-" + marker.substring(0, Math.min(40, marker.length()));
        assertThat(gateway.get(probe).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> nginx.accessLog().contains(probe));
        assertThat(nginx.accessLog()).doesNotContain("/" + marker + " ");
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIs400() {
        ResponseHead head = refused("POST /cl-and-te HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        assertThat(head.status()).isEqualTo(400);
        assertNeverReachedTheBackend("cl-and-te");
    }

    @Test
    void conflictingDuplicateContentLengthIs400() {
        ResponseHead head = refused("POST /two-lengths HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                + "Content-Length: 6\r\n\r\nhello!");

        assertThat(head.status()).isEqualTo(400);
        assertNeverReachedTheBackend("two-lengths");
    }

    @Test
    void anInvalidChunkSizeIs400() {
        ResponseHead head = refused("POST /bad-chunk HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n");

        assertThat(head.status()).isEqualTo(400);
        assertNeverReachedTheBackend("bad-chunk");
    }

    @Test
    void aMalformedRequestLineIs400() {
        ResponseHead head = refused("GET /bad-line\u0001x HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(head.status()).isEqualTo(400);
        assertNeverReachedTheBackend("bad-line");
    }

    @Test
    void aRequestLineOver8KiBIs414() {
        ResponseHead head = refused("GET /long-line-" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(head.status()).isEqualTo(414);
        assertNeverReachedTheBackend("long-line-" + "a".repeat(9000));
    }

    @Test
    void aRequestLineJustUnder8KiBIsServed() {
        String path = "/fits-" + "a".repeat(8000);

        assertThat(gateway.get(path).statusCode()).isEqualTo(200);
    }

    @Test
    void aHeaderBlockOver32KiBIs431() {
        ResponseHead head = refused("GET /big-head HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(40 * 1024)
                + "\r\n\r\n");

        assertThat(head.status()).isEqualTo(431);
        assertNeverReachedTheBackend("big-head");
    }

    @Test
    void aClientSendingHalfAHeadGets408AfterTimeoutHttpRequest() {
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            client.write("GET /half-head HTTP/1.1\r\nHost: a\r\n");

            ResponseHead head = client.readHead();

            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(head.status()).isEqualTo(408);
            assertThat(waited).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
            assertThat(client.isClosedByPeer()).isTrue();
        }
        assertNeverReachedTheBackend("half-head");
    }
}
