package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reqPathSearchReplace and the deprecated reqPathSearch / reqPathReplace through the running gateway, with nginx
 * echoing the request line it received (docs/parameters.md, "Rewrites").
 */
class PathRewriteTest {

    private static Nginx nginx;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() {
        nginx = Nginx.builder("n").start();
        gateway = GatewayUnderTest.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        nginx.close();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What nginx says it received for a GET of {@code path} through the proxy. */
    private static String seen(String path) {
        return gateway.get(path).body().strip();
    }

    @Test
    void theBackendSeesTheRewrittenPathWithTheQueryKept() {
        gateway.route("api", nginx.port(), "servicePath=/api&reqPathSearchReplace=" + enc("/api/,/"));

        Curl.Response response = Curl.include(gateway.url("/api/users?page=2&sort=name"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().strip()).isEqualTo("nginx GET /users?page=2&sort=name");
    }

    @Test
    void backReferencesAndSeveralPairsApplyInOrder() {
        gateway.route("ver", nginx.port(), "servicePath=/ver&reqPathSearchReplace="
                + enc("^/ver/v([0-9]+)/(.*)$,/\\2/version/\\1:/version/,/v/"));

        assertThat(seen("/ver/v3/items?x=1")).isEqualTo("nginx GET /items/v/3?x=1");
    }

    @Test
    void onlyTheFirstMatchIsReplacedUnlessTheGFlagIsGiven() {
        gateway.route("first", nginx.port(), "servicePath=/first&reqPathSearchReplace=" + enc("/x,/y"));
        gateway.route("every", nginx.port(), "servicePath=/every&reqPathSearchReplace=" + enc("/x,/y,g"));

        assertThat(seen("/first/x/x")).isEqualTo("nginx GET /first/y/x");
        assertThat(seen("/every/x/x")).isEqualTo("nginx GET /every/y/y");
    }

    @Test
    void theDeprecatedPairIsPrependedToTheDestinationsPairs() {
        gateway.route("old", nginx.port(), "servicePath=/old&reqPathSearch=" + enc("^/old/v1") + "&reqPathReplace="
                + enc("/old") + "&reqPathSearchReplace=" + enc("^/old/,/new/"));

        assertThat(seen("/old/v1/users?q=1")).as("v1 removed first, then /old/ replaced")
                .isEqualTo("nginx GET /new/users?q=1");
    }

    @Test
    void anEmptyDeprecatedReplaceDeletesTheMatch() {
        gateway.route("strip", nginx.port(), "servicePath=/strip&reqPathSearch=" + enc("^/strip") + "&reqPathReplace=");

        assertThat(seen("/strip/users")).isEqualTo("nginx GET /users");
        assertThat(seen("/strip")).as("an empty path becomes /").isEqualTo("nginx GET /");
    }

    @Test
    void eachIndexedDestinationRewritesWithItsOwnPairs() {
        gateway.route("multi", nginx.port(), "servicePath.1=/one&port.1=" + nginx.port() + "&servicePath.2=/two"
                + "&port.2=" + nginx.port() + "&reqPathSearchReplace.1=" + enc("^/one,/1")
                + "&reqPathSearchReplace.2=" + enc("^/two,/2"));

        assertThat(seen("/one/a")).isEqualTo("nginx GET /1/a");
        assertThat(seen("/two/a")).isEqualTo("nginx GET /2/a");
    }

    @Test
    void aBadRegexIsA400NamingTheParameterAndTheOldVersionKeepsServing() {
        gateway.route("keep", nginx.port(), "servicePath=/keep&reqPathSearchReplace=" + enc("^/keep,/kept"));

        GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=keep&outboundHostname=127.0.0.1&port="
                + nginx.port() + "&servicePath.1=/keep&port.1=" + nginx.port() + "&reqPathSearchReplace.1="
                + enc("^/keep(,/x"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("reqPathSearchReplace.1: the regex ^/keep( is not valid");
        assertThat(seen("/keep/a")).isEqualTo("nginx GET /kept/a");
    }
}
