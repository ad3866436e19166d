package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.Nginx;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the backend and comes back (docs/proxying.md): headers, HTTP/1.0, HEAD, bodies, keep-alive. */
class ForwardingTest {

    private static Nginx nginx;
    private static RecordingBackend recording;
    private GatewayUnderTest gateway;

    @TempDir
    Path tmp;

    @BeforeAll
    static void backends() {
        nginx = Nginx.builder("n")
                .location("location /hop { return 200 \"foo=[$http_x_foo] bar=[$http_x_bar]\\n\"; }")
                .start();
        recording = RecordingBackend.start();
    }

    @AfterAll
    static void stopBackends() {
        nginx.close();
        recording.close();
    }

    @BeforeEach
    void startProxy() {
        gateway = GatewayUnderTest.start();
        gateway.route("web", nginx.port(), "servicePath=/");
        gateway.route("upload", recording.port(), "servicePath=/upload");
    }

    @AfterEach
    void stopProxy() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void xForwardedForGetsTheClientAddressAppendedToTheIncomingValue() {
        Curl.Response response = Curl.include("-H", "X-Forwarded-For: 10.1.2.3", gateway.url("/"));

        assertThat(response.head().header("X-Seen-XFF")).contains("10.1.2.3, 127.0.0.1");
    }

    @Test
    void xForwardedProtoHostAndPortAreSetWhenAbsentAndHostIsPassedUnchanged() {
        Curl.Response response = Curl.include("-H", "Host: shop.example.com:8443", gateway.url("/"));

        assertThat(response.head().header("X-Seen-Host")).contains("shop.example.com:8443");
        assertThat(response.head().header("X-Seen-Proto")).contains("http");
        assertThat(response.head().header("X-Seen-Fwd-Host")).contains("shop.example.com:8443");
        assertThat(response.head().header("X-Seen-Fwd-Port")).contains(String.valueOf(gateway.port()));
        assertThat(response.head().header("X-Seen-XFF")).contains("127.0.0.1");
    }

    @Test
    void xForwardedHeadersFromAnOuterLoadBalancerPassThrough() {
        Curl.Response response = Curl.include("-H", "X-Forwarded-Proto: https", "-H", "X-Forwarded-Port: 443",
                "-H", "X-Forwarded-Host: outer.example.com", gateway.url("/"));

        assertThat(response.head().header("X-Seen-Proto")).contains("https");
        assertThat(response.head().header("X-Seen-Fwd-Port")).contains("443");
        assertThat(response.head().header("X-Seen-Fwd-Host")).contains("outer.example.com");
    }

    @Test
    void headersNamedInConnectionAreNotForwarded() {
        Curl.Response response = Curl.include("-H", "Connection: X-Foo", "-H", "X-Foo: secret",
                "-H", "X-Bar: kept", gateway.url("/hop"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).as("X-Bar arrives, X-Foo (named in Connection) does not")
                .isEqualTo("foo=[] bar=[kept]\n");
        assertThat(response.head().header("X-Seen-Connection").orElse("")).doesNotContainIgnoringCase("x-foo");
    }

    @Test
    void anHttp10ClientWithoutKeepAliveGetsItsResponseAndTheConnectionCloses() {
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("GET /ten HTTP/1.0\r\n\r\n").readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("X-Seen-Host")).as("no Host: the backend's host:port")
                    .contains("127.0.0.1:" + nginx.port());
            String rest = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);
            assertThat(rest).isEqualTo("nginx GET /ten\n");
        }
    }

    @Test
    void anHttp10ClientAskingForKeepAliveKeepsItsConnection() {
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            for (String path : new String[] {"/first", "/second"}) {
                ResponseHead head = client.write("GET " + path + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .readHead();

                assertThat(head.status()).isEqualTo(200);
                int length = Integer.parseInt(head.header("Content-Length").orElseThrow());
                assertThat(new String(client.readBytes(length), StandardCharsets.ISO_8859_1))
                        .isEqualTo("nginx GET " + path + "\n");
            }
        }
    }

    @Test
    void curlInHttp10ModeIsServed() {
        Curl.Response response = Curl.include("-0", gateway.url("/curl10"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("nginx GET /curl10\n");
    }

    @Test
    void aHeadResponseHasNoBodySoTheNextResponseOnTheConnectionIsIntact() {
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);

            ResponseHead next = client.write("GET /after-head HTTP/1.1\r\nHost: a\r\n\r\n").readHead();

            assertThat(next.status()).isEqualTo(200);
            int length = Integer.parseInt(next.header("Content-Length").orElseThrow());
            assertThat(new String(client.readBytes(length), StandardCharsets.ISO_8859_1))
                    .isEqualTo("nginx GET /after-head\n");
        }
    }

    private Path randomFile(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(tmp.resolve("body-" + size + ".bin"), bytes);
    }

    @Test
    void aChunkedRequestBodyArrivesWhole() throws Exception {
        Path file = randomFile(300_000);

        Curl.Response response = Curl.include("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                gateway.url("/upload/chunked"));

        String expected = "len=300000 sha=" + RecordingBackend.sha256(Files.readAllBytes(file)) + "\n";
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
    }

    @Test
    void anExpect100ContinueUploadIsContinuedByTheProxyAndArrivesWholeWithoutTheExpectation() throws Exception {
        Path file = randomFile(200_000);

        Curl.Result result = Curl.run("-i", "-H", "Expect: 100-continue", "--data-binary", "@" + file,
                gateway.url("/upload/expect"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("HTTP/1.1 100 Continue");
        assertThat(result.response().status()).isEqualTo(200);
        assertThat(result.response().body())
                .isEqualTo("len=200000 sha=" + RecordingBackend.sha256(Files.readAllBytes(file)) + "\n");
        RecordingBackend.Seen seen = recording.requests().stream()
                .filter(r -> r.path().equals("/upload/expect")).findFirst().orElseThrow();
        assertThat(seen.headers()).doesNotContainKey("Expect");
    }

    @Test
    void anUnknownExpectationIsAnswered417() {
        ResponseHead head = RawHttp.exchange(gateway.port(),
                "POST /upload/x HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\nContent-Length: 1\r\n\r\nx");

        assertThat(head.status()).isEqualTo(417);
    }

    @Test
    void severalRequestsFromCurlReuseOneClientConnection() {
        Curl.Result result = Curl.run("-w", "%{http_code} %{num_connects}\n",
                "-o", "/dev/null", gateway.url("/one"), "-o", "/dev/null", gateway.url("/two"),
                "-o", "/dev/null", gateway.url("/three"));

        assertThat(result.stdout()).isEqualTo("200 1\n200 0\n200 0\n");
    }
}
