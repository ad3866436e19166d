package dev.swarmgate.routing;

import dev.swarmgate.config.DomainMatch;
import org.junit.jupiter.api.Test;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.domain;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

/** Docker Flow Proxy's rule order (dfp-compat 4.4): first match wins, no longest-prefix magic. */
class RuleOrderTest {

    private static String backend(Snapshot snapshot, String host, String path) {
        Route route = snapshot.table(80).match(host, path);
        return route == null ? null : route.backendName();
    }

    @Test
    void wellKnownPathsComeFirst() {
        Snapshot snapshot = compile(
                service("a-site", path(80, "/.well")),
                service("z-certbot", path(80, "/.well-known/acme-challenge")));

        assertThat(backend(snapshot, "example.com", "/.well-known/acme-challenge/token"))
                .isEqualTo("z-certbot-be80_0");
        assertThat(backend(snapshot, "example.com", "/.wellness")).isEqualTo("a-site-be80_0");
    }

    @Test
    void wellKnownDetectionIgnoresCase() {
        Snapshot snapshot = compile(
                service("a-site", path(80, "/.")),
                service("z-certbot", path(80, "/.Well-Known")));

        assertThat(backend(snapshot, null, "/.Well-Known/x")).isEqualTo("z-certbot-be80_0");
    }

    @Test
    void rootServicesComeLast() {
        Snapshot snapshot = compile(
                service("a-root", path(80, "/")),
                service("z-api", path(80, "/api")));

        assertThat(backend(snapshot, null, "/api/users")).isEqualTo("z-api-be80_0");
        assertThat(backend(snapshot, null, "/index.html")).isEqualTo("a-root-be80_0");
    }

    @Test
    void domainOnlyServicesCountAsRootServices() {
        Snapshot snapshot = compile(
                service("a-web", domain(80, "example.com")),
                service("z-api", path(80, "/api")));

        assertThat(backend(snapshot, "example.com", "/api")).isEqualTo("z-api-be80_0");
        assertThat(backend(snapshot, "example.com", "/home")).isEqualTo("a-web-be80_0");
    }

    @Test
    void shorterPrefixInEarlierServiceShadowsLongerOne() {
        Snapshot snapshot = compile(
                service("a", path(80, "/api")),
                service("b", path(80, "/api/v2")));

        assertThat(backend(snapshot, null, "/api/v2/users")).isEqualTo("a-be80_0");
    }

    @Test
    void aclNameControlsPriority() {
        Snapshot snapshot = compile(
                service("a", path(80, "/api")),
                service("b", path(80, "/api/v2")).aclName("00-b"));

        assertThat(backend(snapshot, null, "/api/v2/users")).isEqualTo("00-b-be80_0");
        assertThat(backend(snapshot, null, "/api/v1/users")).isEqualTo("a-be80_0");
    }

    @Test
    void aclNameOrderIsByteWiseSoUppercaseSortsFirst() {
        Snapshot snapshot = compile(
                service("alpha", path(80, "/x")),
                service("Zeta", path(80, "/x")));

        assertThat(backend(snapshot, null, "/x")).isEqualTo("Zeta-be80_0");
    }

    @Test
    void aclNameOrderIsUtf8ByteOrderNotUtf16() {
        // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (4 bytes, F0 ...); in UTF-16 the surrogate D83D
        // sorts before FF21.
        Snapshot snapshot = compile(
                service("emoji", path(80, "/x")).aclName("\uD83D\uDE00"),
                service("fullwidth", path(80, "/x")).aclName("\uFF21"));

        assertThat(snapshot.table(80).match(null, "/x").serviceName()).isEqualTo("fullwidth");
    }

    @Test
    void destinationsKeepIndexOrderWithinAService() {
        Snapshot snapshot = compile(service("svc", path(81, "/a"), path(82, "/a/b")));

        assertThat(backend(snapshot, null, "/a/b/c")).isEqualTo("svc-be81_1");
    }

    @Test
    void rootServiceShadowsWildcardDomainService() {
        // The rendered pitfall: serviceName=root&servicePath=/ and serviceName=web&serviceDomain=*example.com are
        // both root services; root sorts first and catches everything, so web is unreachable.
        Snapshot snapshot = compile(
                service("root", path(80, "/")),
                service("web", domain(80, "example.com").domainMatch(DomainMatch.SUFFIX)));

        assertThat(backend(snapshot, "www.example.com", "/")).isEqualTo("root-be80_0");
        assertThat(snapshot.table(80).describe()).containsExactly(
                "root-be80_0  path_beg /  -> root:80",
                "web-be80_0  path_beg /  host hdr_end example.com  -> web:80");
    }
}
