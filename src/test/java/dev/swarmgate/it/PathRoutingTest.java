package dev.swarmgate.it;

import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Which backend a request reaches, by path, with services added through the admin API (docs/routing.md §1-4). */
class PathRoutingTest {

    @RegisterExtension
    static final NginxBackend a = new NginxBackend("a");
    @RegisterExtension
    static final NginxBackend b = new NginxBackend("b");

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    /** The X-Backend of the response, or its status when the proxy answered itself. */
    private String backendFor(String path) {
        HttpResponse<String> response = proxy.gateway().get(path);
        return response.headers().firstValue("X-Backend").orElse(String.valueOf(response.statusCode()));
    }

    @Test
    void servicePathIsAPlainPrefixSoItAlsoMatchesLongerWordsAsInDfp() {
        proxy.gateway().route("demo", a.port(), "servicePath=/demo");

        HttpResponse<String> response = proxy.gateway().get("/demo/hello?x=1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("nginx GET /demo/hello?x=1\n");
        assertThat(backendFor("/demonstration")).isEqualTo("a");
        assertThat(backendFor("/dem")).isEqualTo("503");
        assertThat(backendFor("/Demo")).as("paths compare case-sensitively").isEqualTo("503");
    }

    @Test
    void pathTypePathMatchesOnlyTheExactPath() {
        proxy.gateway().route("health", a.port(), "servicePath=/health&pathType=path");

        assertThat(backendFor("/health")).isEqualTo("a");
        assertThat(backendFor("/health?verbose=1")).as("the query is not part of the path").isEqualTo("a");
        assertThat(backendFor("/health/")).isEqualTo("503");
        assertThat(backendFor("/healthz")).isEqualTo("503");
    }

    @Test
    void pathTypePathEndMatchesASuffix() {
        proxy.gateway().route("images", a.port(), "servicePath=.png&pathType=path_end");

        assertThat(backendFor("/img/logo.png")).isEqualTo("a");
        assertThat(backendFor("/img/logo.png.txt")).isEqualTo("503");
    }

    @Test
    void pathTypePathRegMatchesAnUnanchoredJavaRegex() {
        // servicePath=v[0-9]+/users, URL-encoded so '+' is not read as a space
        proxy.gateway().route("users", a.port(), "servicePath=v%5B0-9%5D%2B%2Fusers&pathType=path_reg");

        assertThat(backendFor("/api/v2/users/7")).isEqualTo("a");
        assertThat(backendFor("/api/vx/users")).isEqualTo("503");
    }

    @Test
    void anExcludedPathFallsThroughToTheNextMatchingService() {
        proxy.gateway().route("api", a.port(), "servicePath=/api&servicePathExclude=/api/internal");
        proxy.gateway().route("internal", b.port(), "servicePath=/api/internal");

        assertThat(backendFor("/api/users")).isEqualTo("a");
        assertThat(backendFor("/api/internal/jobs")).isEqualTo("b");
    }

    @Test
    void theFirstServiceByAclNameWinsEvenWhenAnotherHasALongerPrefix() {
        proxy.gateway().route("a", a.port(), "servicePath=/api");
        proxy.gateway().route("b", b.port(), "servicePath=/api/v2");

        assertThat(backendFor("/api/v2/users")).as("no longest-prefix rule: a sorts first").isEqualTo("a");

        proxy.gateway().route("b", b.port(), "servicePath=/api/v2&aclName=00-b");

        assertThat(backendFor("/api/v2/users")).as("aclName=00-b now sorts b first").isEqualTo("b");
        assertThat(backendFor("/api/v1/users")).isEqualTo("a");
    }

    @Test
    void wellKnownServicesComeFirstAndRootServicesLastWhateverTheirNames() {
        proxy.gateway().route("aaa-root", a.port(), "servicePath=/");
        proxy.gateway().route("zzz-acme", b.port(), "servicePath=/.well-known/acme-challenge");

        assertThat(backendFor("/.well-known/acme-challenge/token")).isEqualTo("b");
        assertThat(backendFor("/anything")).isEqualTo("a");

        proxy.gateway().route("zzz-api", b.port(), "servicePath=/api");

        assertThat(backendFor("/api/x")).as("the root service sorts first by name but is tried last").isEqualTo("b");
    }

    @Test
    void anUnmatchedRequestGets503WithTheSwarmgateErrorPage() {
        proxy.gateway().route("demo", a.port(), "servicePath=/demo");

        HttpResponse<String> response = proxy.gateway().get("/nothing-here");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("X-Backend")).isEmpty();
        assertThat(response.body()).contains("<title>Swarmgate: 503 Service Unavailable</title>");
        assertThat(a.accessLog()).doesNotContain("/nothing-here");
    }

    @Test
    void withNoServicesAtAllTheListenerStillAnswers503() {
        assertThat(proxy.gateway().get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void theDefaultBackendCatchesUnmatchedRequests() {
        proxy.gateway().route("fallback", a.port(), "servicePath=/only-this&isDefaultBackend=true");
        proxy.gateway().route("api", b.port(), "servicePath=/api");

        assertThat(backendFor("/api/x")).isEqualTo("b");
        assertThat(backendFor("/unmatched")).isEqualTo("a");
    }
}
