package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * allowedMethods, deniedMethods, denyHttp, redirectFromDomain, httpsOnly (and HTTPS_ONLY), httpsRedirectCode,
 * redirectWhenHttpProto and redirectUnlessHttpsProto through the running gateway with curl and the JDK client.
 */
class AccessAndRedirectTest {

    @RegisterExtension
    static final NginxBackend site = new NginxBackend("site");
    @RegisterExtension
    static final NginxBackend other = new NginxBackend("other");

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    private Curl.Response curl(String path, String... arguments) {
        String[] all = new String[arguments.length + 1];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        all[arguments.length] = proxy.gateway().url(path);
        return Curl.include(all);
    }

    @Test
    void allowedMethodsRefuseOtherMethodsWith403() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&allowedMethods=GET,head");

        assertThat(curl("/api").status()).isEqualTo(200);
        assertThat(curl("/api", "-I").status()).as("head is HEAD").isEqualTo(200);
        Curl.Response refused = curl("/api", "-X", "DELETE");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.head().header("X-Backend")).isEmpty();
    }

    @Test
    void deniedMethodsRefuseTheListedMethodsWith403AndKeepTheConnection() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&deniedMethods=DELETE,PUT");

        // Both requests on one connection: the 403 keeps it open for the next.
        Curl.Result result = Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n",
                "-X", "DELETE", proxy.gateway().url("/api/1"), "--next", "-s", "-o", "/dev/null", "-w",
                "%{http_code} %{num_connects}\\n", proxy.gateway().url("/api/1"));

        assertThat(result.stdout().lines().toList()).containsExactly("403 1", "200 0");
    }

    @Test
    void denyHttpRefusesPlainHttpWith403() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&denyHttp=true");

        HttpResponse<String> response = proxy.gateway().get("/api");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Backend")).isEmpty();
    }

    @Test
    void redirectFromDomainIsA301ToTheFirstServiceDomainKeepingPathAndQuery() {
        proxy.gateway().route("site", site.port(), "serviceDomain=new.example.com,www.new.example.com"
                + "&redirectFromDomain=old.example.com,legacy.example.org");

        Curl.Response moved = curl("/a/b?x=1&y=two", "-H", "Host: old.example.com:8080");
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.head().header("Location")).hasValue("http://new.example.com/a/b?x=1&y=two");
        assertThat(curl("/", "-H", "Host: LEGACY.example.org").head().header("Location"))
                .hasValue("http://new.example.com/");
        assertThat(curl("/a", "-H", "Host: new.example.com").head().header("X-Backend")).hasValue("site");
    }

    @Test
    void redirectFromDomainRunsBeforeRoutingEvenWhenAnotherServiceWouldTakeTheRequest() {
        proxy.gateway().route("a-root", other.port(), "servicePath=/");
        proxy.gateway().route("z-site", site.port(), "serviceDomain=new.example.com&redirectFromDomain=old.example.com");

        assertThat(curl("/x", "-H", "Host: old.example.com").status()).isEqualTo(301);
        assertThat(curl("/x", "-H", "Host: elsewhere.org").head().header("X-Backend")).hasValue("other");
    }

    @Test
    void httpsOnlyRedirectsPlainHttpWith302ToTheSameUrl() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&httpsOnly=true");

        Curl.Response found = curl("/api/users?page=2", "-H", "Host: example.com:" + proxy.gateway().port());

        assertThat(found.status()).isEqualTo(302);
        assertThat(found.head().header("Location")).hasValue("https://example.com/api/users?page=2");
        assertThat(found.head().header("Cache-Control")).hasValue("no-cache");
        assertThat(found.body()).isEmpty();
    }

    @Test
    void httpsRedirectCodeChangesTheStatus() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&httpsOnly=true&httpsRedirectCode=301");

        HttpResponse<String> response = proxy.gateway().get("/api/x");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("https://127.0.0.1/api/x");
    }

    @Test
    void badHttpsRedirectCodeIsA400NamingItsIndex() {
        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=api&outboundHostname=127.0.0.1"
                + "&servicePath.1=/api&port.1=" + site.port() + "&httpsOnly.1=true&httpsRedirectCode.1=304");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("httpsRedirectCode.1=304").contains("301, 302, 303, 307, 308");
    }

    @Test
    void httpsOnlyEnvironmentRedirectsEveryService() {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("HTTPS_ONLY", "true"))) {
            gateway.route("api", site.port(), "servicePath=/api");
            gateway.route("web", other.port(), "servicePath=/web&httpsRedirectCode=308");

            Curl.Response api = Curl.include("-H", "Host: example.com", gateway.url("/api?q=1"));
            Curl.Response web = Curl.include("-H", "Host: example.com", gateway.url("/web"));

            assertThat(api.status()).isEqualTo(302);
            assertThat(api.head().header("Location")).hasValue("https://example.com/api?q=1");
            assertThat(web.status()).isEqualTo(308);
        }
    }

    @Test
    void redirectWhenHttpProtoRedirectsWhatAnOuterBalancerReceivedOverHttp() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&redirectWhenHttpProto=true"
                + "&httpsRedirectCode=301");

        Curl.Response overHttp = curl("/api/x?y", "-H", "Host: example.com", "-H", "X-Forwarded-Proto: http");
        assertThat(overHttp.status()).isEqualTo(301);
        assertThat(overHttp.head().header("Location")).hasValue("https://example.com/api/x?y");
        assertThat(curl("/api/x", "-H", "X-Forwarded-Proto: https").head().header("X-Backend")).hasValue("site");
        assertThat(curl("/api/x").head().header("X-Backend")).as("no balancer in front").hasValue("site");
        assertThat(curl("/elsewhere", "-H", "X-Forwarded-Proto: http").status()).as("not its path").isEqualTo(503);
    }

    @Test
    void redirectUnlessHttpsProtoRedirectsAnythingNotMarkedHttps() {
        proxy.gateway().route("api", site.port(), "servicePath=/api&redirectUnlessHttpsProto=true");

        assertThat(curl("/api", "-H", "Host: example.com").status()).isEqualTo(302);
        assertThat(curl("/api", "-H", "X-Forwarded-Proto: http").status()).isEqualTo(302);
        Curl.Response https = curl("/api", "-H", "X-Forwarded-Proto: https");
        assertThat(https.status()).isEqualTo(200);
        assertThat(https.head().header("X-Backend")).hasValue("site");
    }

    @Test
    void badBooleanIsA400AndThePreviousVersionKeepsServing() {
        proxy.gateway().route("api", site.port(), "servicePath=/api");

        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=api&outboundHostname=127.0.0.1"
                + "&servicePath=/api&port=" + site.port() + "&denyHttp=yes");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("denyHttp=yes is not a boolean");
        assertThat(curl("/api").status()).isEqualTo(200);
    }
}
