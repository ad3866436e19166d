package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header edit parameters through the running gateway: what a recording backend receives and what the client gets
 * back (docs/parameters.md, "Header edits").
 */
class HeaderEditTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RecordingBackend backend;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() {
        backend = RecordingBackend.start();
        gateway = GatewayUnderTest.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void route(String name, String parameters) {
        gateway.route(name, backend.port(), "servicePath=/" + name + "&" + parameters);
    }

    /** GET {@code path} with the given request headers through the proxy. */
    private static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The headers the backend received with the request for {@code path}. */
    private static Map<String, List<String>> seenBy(String path) {
        return backend.requests().stream().filter(seen -> seen.path().equals(path)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the backend never received " + path)).headers();
    }

    @Test
    void requestEditsReachTheBackend() throws Exception {
        route("req", "addReqHeader=" + enc("X-Added added,X-Kept extra") + "&setReqHeader=" + enc("X-Set set")
                + "&delReqHeader=" + enc("X-Secret"));

        HttpResponse<String> response = get("/req/a", "X-Kept", "client", "X-Set", "client", "X-Secret", "s3cr3t");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, List<String>> seen = seenBy("/req/a");
        assertThat(seen.get("X-Added")).containsExactly("added");
        assertThat(seen.get("X-Kept")).as("add keeps the client's line").containsExactly("client", "extra");
        assertThat(seen.get("X-Set")).as("set replaces it").containsExactly("set");
        assertThat(seen).doesNotContainKey("X-Secret");
    }

    @Test
    void responseEditsReachTheClient() throws Exception {
        route("res", "addResHeader=" + enc("X-Served-By swarmgate,X-Copy %[res.hdr(X-Backend)]") + "&setResHeader="
                + enc("X-Backend hidden") + "&delResHeader=" + enc("Date"));

        HttpResponse<String> response = get("/res/a");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Served-By")).containsExactly("swarmgate");
        assertThat(response.headers().allValues("X-Copy")).as("added before the set, as DFP orders them")
                .containsExactly("recording");
        assertThat(response.headers().allValues("X-Backend")).containsExactly("hidden");
        assertThat(response.headers().firstValue("Date")).isEmpty();
        assertThat(response.body()).startsWith("len=0");
    }

    @Test
    void theDeprecatedNamesEditTheRequest() throws Exception {
        route("dep", "addHeader=" + enc("X-Old-Add 1") + "&setHeader=" + enc("X-Old-Set 2"));

        get("/dep/a", "X-Old-Set", "client");

        Map<String, List<String>> seen = seenBy("/dep/a");
        assertThat(seen.get("X-Old-Add")).containsExactly("1");
        assertThat(seen.get("X-Old-Set")).containsExactly("2");
    }

    @Test
    void connectionFetchesAreEvaluated() throws Exception {
        route("fetch", "setReqHeader=" + enc("X-Client %[src]:%[src_port],X-Forwarded-Port %[dst_port],"
                + "X-Host-Copy %[req.hdr(Host)],X-Dst %[dst],X-Percent 100%%,X-Tls %[ssl_fc]"));

        get("/fetch/a");

        Map<String, List<String>> seen = seenBy("/fetch/a");
        assertThat(seen.get("X-Client").getFirst()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(seen.get("X-Forwarded-Port")).containsExactly(String.valueOf(gateway.port()));
        assertThat(seen.get("X-Host-Copy")).containsExactly("127.0.0.1:" + gateway.port());
        assertThat(seen.get("X-Dst")).containsExactly("127.0.0.1");
        assertThat(seen.get("X-Percent")).containsExactly("100%");
        assertThat(seen.get("X-Tls")).as("ssl_fc is 0 until TLS listeners exist").containsExactly("0");
    }

    @Test
    void sslFcConditionsOnPlainHttp() throws Exception {
        route("cond", "addReqHeader=" + enc("X-Forwarded-Ssl on if { ssl_fc },X-Plain yes unless { ssl_fc }")
                + "&addResHeader=" + enc("Strict-Transport-Security max-age=31536000 if { ssl_fc }"));

        HttpResponse<String> response = get("/cond/a");

        Map<String, List<String>> seen = seenBy("/cond/a");
        assertThat(seen).doesNotContainKey("X-Forwarded-Ssl");
        assertThat(seen.get("X-Plain")).containsExactly("yes");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void theIssuesExampleWithCurl() {
        route("curl", "addResHeader=" + enc("X-Served-By swarmgate") + "&setReqHeader=" + enc("Host internal.example"));

        Curl.Response response = Curl.include(gateway.url("/curl/users"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.head().header("X-Served-By")).contains("swarmgate");
        assertThat(seenBy("/curl/users").get("Host")).containsExactly("internal.example");
    }

    @Test
    void badValuesAreA400NamingTheParameterAndTheOldVersionKeepsServing() throws Exception {
        route("bad", "addResHeader=" + enc("X-Version 1"));

        for (String bad : List.of("addResHeader=" + enc("X-Version %[path]"),
                "addReqHeader=" + enc("X-A a\r\nX-Injected: 1"),
                "setReqHeader=" + enc("Bad:Name 1"),
                "addResHeader=" + enc("Content-Length 0"),
                "addReqHeader=" + enc("X-A on if { path_beg /a }"))) {
            GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=bad&outboundHostname=127.0.0.1&port="
                    + backend.port() + "&servicePath=/bad&" + bad);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.body()).as(bad).contains(bad.substring(0, bad.indexOf('=')) + ": ");
        }

        assertThat(get("/bad/a").headers().allValues("X-Version")).containsExactly("1");
    }
}
