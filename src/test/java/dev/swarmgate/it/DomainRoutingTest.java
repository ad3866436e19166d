package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing on the Host header (docs/routing.md §2, serviceDomain / serviceDomainAlgo). */
class DomainRoutingTest {

    @RegisterExtension
    static final NginxBackend a = new NginxBackend("a");
    @RegisterExtension
    static final NginxBackend b = new NginxBackend("b");

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    /** The X-Backend of the response to {@code GET path} with {@code Host: host}, or the proxy's own status. */
    private String backendFor(String host, String path) {
        Curl.Response response = Curl.include("-H", "Host: " + host, proxy.gateway().url(path));
        return response.head().header("X-Backend").orElse(String.valueOf(response.status()));
    }

    @Test
    void serviceDomainIsAHostPrefixByDefaultAndIgnoresTheHostPort() {
        proxy.gateway().route("site", a.port(), "serviceDomain=example.com");

        assertThat(backendFor("example.com", "/")).isEqualTo("a");
        assertThat(backendFor("example.com:8080", "/")).isEqualTo("a");
        assertThat(backendFor("EXAMPLE.com", "/")).as("case-insensitive").isEqualTo("a");
        assertThat(backendFor("example.com.evil.net", "/")).as("prefix, as DFP's hdr_beg").isEqualTo("a");
        assertThat(backendFor("www.example.com", "/")).isEqualTo("503");
    }

    @Test
    void aLeadingStarMakesTheDomainASuffixMatch() {
        proxy.gateway().route("site", a.port(), "serviceDomain=*example.com");

        assertThat(backendFor("api.example.com", "/")).isEqualTo("a");
        assertThat(backendFor("api.example.com:8443", "/")).isEqualTo("a");
        assertThat(backendFor("badexample.com", "/")).isEqualTo("a");
        assertThat(backendFor("example.com.evil.net", "/")).isEqualTo("503");
    }

    @Test
    void serviceDomainAlgoHdrMatchesTheExactHost() {
        proxy.gateway().route("site", a.port(), "serviceDomain=example.com&serviceDomainAlgo=hdr");

        assertThat(backendFor("Example.COM:443", "/")).isEqualTo("a");
        assertThat(backendFor("www.example.com", "/")).isEqualTo("503");
        assertThat(backendFor("example.com.evil.net", "/")).isEqualTo("503");
    }

    @Test
    void serviceDomainAlgoHdrDomMatchesTheDomainAndItsSubdomainsOnly() {
        proxy.gateway().route("site", a.port(), "serviceDomain=example.com&serviceDomainAlgo=hdr_dom(host)");

        assertThat(backendFor("example.com", "/")).isEqualTo("a");
        assertThat(backendFor("a.b.example.com:81", "/")).isEqualTo("a");
        assertThat(backendFor("badexample.com", "/")).isEqualTo("503");
        assertThat(backendFor("example.com.evil.net", "/")).isEqualTo("503");
    }

    @Test
    void aDomainOnlyServiceTakesEveryPathOfItsHost() {
        proxy.gateway().route("site", a.port(), "serviceDomain=example.com");

        Curl.Response response = Curl.include("-H", "Host: example.com", proxy.gateway().url("/deep/path?q=1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("nginx GET /deep/path?q=1\n");
    }

    @Test
    void pathAndDomainMustBothMatch() {
        proxy.gateway().route("api", a.port(), "servicePath=/api&serviceDomain=example.com");

        assertThat(backendFor("example.com", "/api/x")).isEqualTo("a");
        assertThat(backendFor("example.org", "/api/x")).isEqualTo("503");
        assertThat(backendFor("example.com", "/other")).isEqualTo("503");
    }

    @Test
    void aRootPathServiceSortingFirstHidesADomainOnlyServiceUntilAclNameReordersThem() {
        proxy.gateway().route("root", a.port(), "servicePath=/");
        proxy.gateway().route("web", b.port(), "serviceDomain=*example.com");

        assertThat(backendFor("www.example.com", "/")).as("the DFP pitfall: root sorts first").isEqualTo("a");

        proxy.gateway().route("root", a.port(), "servicePath=/&aclName=zz-root");

        assertThat(backendFor("www.example.com", "/")).isEqualTo("b");
        assertThat(backendFor("other.org", "/")).isEqualTo("a");
    }
}
