package dev.swarmgate.routing;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.HttpsRedirect.When;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.routing.rules.HeaderRequestView;
import dev.swarmgate.routing.rules.LocalReply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.swarmgate.routing.Specs.DFP_DEFAULT_PORTS;
import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.domain;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static dev.swarmgate.routing.Specs.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** RouteTable.redirectBeforeRouting: redirectFromDomain and the X-Forwarded-Proto redirects, DFP's frontend rules. */
class PreRoutingRedirectTest {

    private static String location(LocalReply reply) {
        return reply.headers().stream().filter(header -> header.name().equals("Location")).findFirst()
                .orElseThrow().value();
    }

    @Test
    void domainRedirectIsA301KeepingPathAndQuery() {
        RouteTable table = compile(service("site", domain(80, "new.example.com")
                .rules(new DomainRedirect(List.of("old.example.com"), "new.example.com")))).table(80);

        LocalReply reply = table.redirectBeforeRouting(HeaderRequestView.of("GET", "/a/b?x=1&y")
                .with("Host", "OLD.example.com:8080"));

        assertThat(reply.status()).isEqualTo(301);
        assertThat(location(reply)).isEqualTo("http://new.example.com/a/b?x=1&y");
    }

    @Test
    void domainRedirectIsAHostPrefixMatchAsHdrBeg() {
        RouteTable table = compile(service("site", domain(80, "new.example.com")
                .rules(new DomainRedirect(List.of("old.example"), "new.example.com")))).table(80);

        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/").with("Host", "old.example.org")))
                .isNotNull();
        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/").with("Host", "www.old.example")))
                .isNull();
        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/"))).as("no Host").isNull();
    }

    @Test
    void domainRedirectRunsBeforeRoutingWhateverServiceWouldTakeTheRequest() {
        // "a-root" sorts first and takes every path; the redirect of "z-site" still answers first.
        RouteTable table = compile(
                service("a-root", path(81, "/api")),
                service("z-site", domain(82, "new.example.com")
                        .rules(new DomainRedirect(List.of("old.example.com"), "new.example.com")))).table(80);

        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/api").with("Host", "old.example.com")))
                .isNotNull();
    }

    @Test
    void domainRedirectAppliesOnEveryListenerEvenForASrcPortDestination() {
        Snapshot snapshot = compile(settings(DFP_DEFAULT_PORTS, List.of(new ListenerSpec(8080, false, false))),
                service("site", domain(80, "new.example.com").srcPort(8080)
                        .rules(new DomainRedirect(List.of("old.example.com"), "new.example.com"))));

        assertThat(snapshot.table(80).redirectBeforeRouting(HeaderRequestView.of("GET", "/")
                .with("Host", "old.example.com"))).isNotNull();
    }

    @Test
    void forwardedProtoRedirectOnlyOnItsDestinationsPathsDomainsAndSrcPort() {
        Snapshot snapshot = compile(settings(DFP_DEFAULT_PORTS, List.of(new ListenerSpec(8080, false, false))),
                service("api", path(80, "/api").domains("example.com").srcPort(8080)
                        .rules(new HttpsRedirect(301, When.FORWARDED_PROTO_HTTP))));
        RouteTable table = snapshot.table(8080);

        LocalReply reply = table.redirectBeforeRouting(HeaderRequestView.of("GET", "/api/x?q")
                .with("Host", "example.com:8080").with("X-Forwarded-Proto", "http"));
        assertThat(reply.status()).isEqualTo(301);
        assertThat(location(reply)).isEqualTo("https://example.com/api/x?q");
        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/other").with("Host", "example.com")
                .with("X-Forwarded-Proto", "http"))).as("other path").isNull();
        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/api").with("Host", "example.org")
                .with("X-Forwarded-Proto", "http"))).as("other host").isNull();
        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/api").with("Host", "example.com")
                .with("X-Forwarded-Proto", "https"))).as("already https").isNull();
        assertThat(snapshot.table(80).redirectBeforeRouting(HeaderRequestView.of("GET", "/api")
                .with("Host", "example.com").with("X-Forwarded-Proto", "http"))).as("other listener").isNull();
    }

    @Test
    void unlessHttpsProtoRedirectsWithoutTheHeader() {
        RouteTable table = compile(service("api", path(80, "/")
                .rules(new HttpsRedirect(302, When.FORWARDED_PROTO_NOT_HTTPS)))).table(80);

        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/").with("Host", "a")).status())
                .isEqualTo(302);
        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/").with("Host", "a")
                .with("X-Forwarded-Proto", "https"))).isNull();
    }

    @Test
    void redirectsRunInDfpOrderDomainsBeforeProtoRedirects() {
        RouteTable table = compile(service("site", domain(80, "new.example.com").domainMatch(DomainMatch.PREFIX)
                .rules(new HttpsRedirect(302, When.FORWARDED_PROTO_NOT_HTTPS),
                        new DomainRedirect(List.of("new.example.com.old"), "new.example.com")))).table(80);

        LocalReply reply = table.redirectBeforeRouting(HeaderRequestView.of("GET", "/")
                .with("Host", "new.example.com.old"));

        assertThat(reply.status()).isEqualTo(301);
        assertThat(table.describe()).first().asString().startsWith("redirect 301 prefix http://new.example.com");
    }

    @Test
    void aTableWithoutRedirectsRoutesEverything() {
        RouteTable table = compile(service("api", path(80, "/"))).table(80);

        assertThat(table.redirectBeforeRouting(HeaderRequestView.of("GET", "/").with("Host", "a"))).isNull();
    }
}
