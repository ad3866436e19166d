package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** serviceHeader and userAgent through the running gateway (docs/routing.md, "Header conditions"). */
class HeaderRoutingTest {

    @RegisterExtension
    static final NginxBackend v1 = new NginxBackend("v1");
    @RegisterExtension
    static final NginxBackend v2 = new NginxBackend("v2");
    @RegisterExtension
    static final NginxBackend mobile = new NginxBackend("mobile");

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    /** The X-Backend of the response to {@code GET path} with the given curl arguments, or the proxy's status. */
    private String backendFor(String path, String... curlArguments) {
        String[] arguments = new String[curlArguments.length + 1];
        System.arraycopy(curlArguments, 0, arguments, 0, curlArguments.length);
        arguments[curlArguments.length] = proxy.gateway().url(path);
        Curl.Response response = Curl.include(arguments);
        return response.head().header("X-Backend").orElse(String.valueOf(response.status()));
    }

    @Test
    void serviceHeaderRoutesToTheServiceWhoseHeadersAllMatch() {
        proxy.gateway().route("api-v1", v1.port(), "servicePath=/api");
        proxy.gateway().route("api-v2", v2.port(), "servicePath=/api&aclName=00-api-v2"
                + "&serviceHeader=X-Version:2,X-Client:web");

        assertThat(backendFor("/api/x", "-H", "X-Version: 2", "-H", "X-Client: web")).isEqualTo("v2");
        assertThat(backendFor("/api/x", "-H", "X-Version: 2")).as("one header missing").isEqualTo("v1");
        assertThat(backendFor("/api/x", "-H", "X-Version: 3", "-H", "X-Client: web")).isEqualTo("v1");
        assertThat(backendFor("/api/x")).isEqualTo("v1");
    }

    @Test
    void serviceHeaderAloneLeavesOtherRequestsUnrouted() {
        proxy.gateway().route("api", v2.port(), "servicePath=/api&serviceHeader=X-Version:2");

        assertThat(backendFor("/api", "-H", "X-Version: 2")).isEqualTo("v2");
        assertThat(backendFor("/api", "-H", "X-Version: 20")).isEqualTo("503");
    }

    @Test
    void userAgentDestinationsWithALastIndexAsTheCatchAll() throws Exception {
        proxy.gateway().route("serviceName=web&outboundHostname=127.0.0.1&servicePath=/"
                + "&port.1=" + mobile.port() + "&userAgent.1=iphone,android"
                + "&port.2=" + v1.port());

        assertThat(backendFor("/", "-A", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"))
                .isEqualTo("mobile");
        assertThat(backendFor("/", "-A", "Mozilla/5.0 (Linux; Android 14; Pixel 8)")).isEqualTo("mobile");
        assertThat(backendFor("/", "-A", "curl/8")).isEqualTo("v1");

        // The JDK client sends its own User-Agent ("Java-http-client/..."): the catch-all takes it.
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(proxy.gateway().url("/page"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Backend")).hasValue("v1");
        assertThat(response.body()).isEqualTo("nginx GET /page\n");
    }

    @Test
    void malformedServiceHeaderIsA400NamingItAndTheServiceKeepsItsPreviousVersion() {
        proxy.gateway().route("api", v1.port(), "servicePath=/api");

        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=api&outboundHostname=127.0.0.1"
                + "&servicePath.1=/api&port.1=" + v2.port() + "&serviceHeader.1=X-Version");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("serviceHeader.1");
        assertThat(backendFor("/api")).isEqualTo("v1");
    }
}
