package dev.swarmgate.routing;

import dev.swarmgate.config.DomainMatch;
import org.junit.jupiter.api.Test;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.domain;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

/** serviceDomain and serviceDomainAlgo: case-insensitive, the Host's port ignored. */
class HostMatchingTest {

    private static boolean matches(DomainMatch match, String domain, String host) {
        Snapshot snapshot = compile(service("web", domain(80, domain).domainMatch(match)));
        return snapshot.table(80).match(host, "/") != null;
    }

    @Test
    void prefixDomainMatchToleratesPortInHost() {
        assertThat(matches(DomainMatch.PREFIX, "example.com", "example.com:8080")).isTrue();
        assertThat(matches(DomainMatch.PREFIX, "example.com", "www.example.com:8080")).isFalse();
    }

    @Test
    void prefixDomainMatchesLongerHostsLikeHdrBeg() {
        assertThat(matches(DomainMatch.PREFIX, "example.com", "example.com.evil.net")).isTrue();
    }

    @Test
    void exactDomainIgnoresCaseAndPort() {
        assertThat(matches(DomainMatch.EXACT, "Example.COM", "eXample.com:443")).isTrue();
    }

    @Test
    void exactDomainRejectsOtherHosts() {
        assertThat(matches(DomainMatch.EXACT, "example.com", "www.example.com")).isFalse();
        assertThat(matches(DomainMatch.EXACT, "example.com", "example.co")).isFalse();
    }

    @Test
    void suffixDomainMatchToleratesPortInHost() {
        assertThat(matches(DomainMatch.SUFFIX, "example.com", "api.EXAMPLE.com:8080")).isTrue();
        assertThat(matches(DomainMatch.SUFFIX, "example.com", "example.com.evil.net")).isFalse();
    }

    @Test
    void domainMatchAcceptsTheDomainAndSubdomainsOnly() {
        assertThat(matches(DomainMatch.DOMAIN, "example.com", "example.com")).isTrue();
        assertThat(matches(DomainMatch.DOMAIN, "example.com", "a.b.Example.com:80")).isTrue();
        assertThat(matches(DomainMatch.DOMAIN, "example.com", "badexample.com")).isFalse();
        assertThat(matches(DomainMatch.DOMAIN, "example.com", "example.com.evil.net")).isFalse();
    }

    @Test
    void ipv6HostPortIsIgnored() {
        assertThat(matches(DomainMatch.EXACT, "[::1]", "[::1]:8080")).isTrue();
        assertThat(matches(DomainMatch.EXACT, "[::1]", "[::2]:8080")).isFalse();
    }

    @Test
    void bareIpv6HostIsNotMistakenForHostAndPort() {
        assertThat(matches(DomainMatch.EXACT, "::1", "::1")).isTrue();
        assertThat(matches(DomainMatch.PREFIX, "fe80::1", "fe80::10")).isTrue();
        assertThat(matches(DomainMatch.EXACT, "fe80::1", "fe80::10")).isFalse();
    }

    @Test
    void domainNamingAPortIsComparedWithTheWholeHost() {
        assertThat(matches(DomainMatch.EXACT, "localhost:8080", "localhost:8080")).isTrue();
        assertThat(matches(DomainMatch.EXACT, "localhost:8080", "localhost:9090")).isFalse();
    }

    @Test
    void anyOfSeveralDomainsMatches() {
        Snapshot snapshot = compile(service("web", domain(80, "example.com", "example.org")));

        assertThat(snapshot.table(80).match("example.org", "/")).isNotNull();
        assertThat(snapshot.table(80).match("example.net", "/")).isNull();
    }

    @Test
    void requestWithoutHostNeverMatchesDomainRule() {
        Snapshot snapshot = compile(
                service("a-api", path(80, "/api").domains("example.com")),
                service("b-api", path(80, "/api")));

        assertThat(snapshot.table(80).match(null, "/api").serviceName()).isEqualTo("b-api");
        assertThat(snapshot.table(80).match("example.com", "/api").serviceName()).isEqualTo("a-api");
    }

    @Test
    void pathAndDomainMustBothMatch() {
        Snapshot snapshot = compile(service("api", path(80, "/api").domains("example.com")));

        assertThat(snapshot.table(80).match("example.com", "/web")).isNull();
        assertThat(snapshot.table(80).match("example.org", "/api")).isNull();
        assertThat(snapshot.table(80).match("example.com", "/api")).isNotNull();
    }
}
