package dev.swarmgate.routing;

import dev.swarmgate.config.RequestCondition.HeaderEquals;
import dev.swarmgate.config.RequestCondition.UserAgentContains;
import dev.swarmgate.routing.rules.HeaderRequestView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code serviceHeader} and {@code userAgent} join paths and domains in the match, in DFP rule order. */
class HeaderConditionRoutingTest {

    private static String backend(RouteTable table, HeaderRequestView request) {
        Route route = table.match(request.header("Host"), request.path(), request);
        return route == null ? null : route.backendName();
    }

    private static HeaderRequestView get(String path) {
        return HeaderRequestView.of("GET", path);
    }

    @Test
    void everyServiceHeaderMustMatch() {
        RouteTable table = compile(service("v3", path(80, "/api").conditions(
                new HeaderEquals("X-Version", List.of("3")), new HeaderEquals("X-Client", List.of("web"))))).table(80);

        assertThat(backend(table, get("/api").with("X-Version", "3").with("x-client", "web"))).isEqualTo("v3-be80_0");
        assertThat(backend(table, get("/api").with("X-Version", "3"))).isNull();
        assertThat(backend(table, get("/api").with("X-Version", "4").with("X-Client", "web"))).isNull();
        assertThat(backend(table, get("/other").with("X-Version", "3").with("X-Client", "web"))).isNull();
    }

    @Test
    void serviceHeaderValueIsExactAndCaseSensitiveAsHAProxysHdr() {
        RouteTable table = compile(service("s", path(80, "/").conditions(
                new HeaderEquals("X-Name", List.of("viktor"))))).table(80);

        assertThat(backend(table, get("/").with("X-Name", "viktor"))).isEqualTo("s-be80_0");
        assertThat(backend(table, get("/").with("X-Name", "Viktor"))).isNull();
        assertThat(backend(table, get("/").with("X-Name", "viktor2"))).isNull();
        assertThat(backend(table, get("/").with("X-Name", "anna, viktor"))).as("any element").isEqualTo("s-be80_0");
        assertThat(backend(table, get("/").with("X-Name", "anna").with("X-Name", "viktor"))).as("any line")
                .isEqualTo("s-be80_0");
    }

    @Test
    void headerServiceAndPlainServiceShareAPathByRuleOrder() {
        // DFP users route a header to a new version with aclName so it sorts before the plain service.
        RouteTable table = compile(
                service("api-v1", path(81, "/api")),
                service("api-v2", path(82, "/api").conditions(new HeaderEquals("X-Version", List.of("2"))))
                        .aclName("00-api-v2")).table(80);

        assertThat(backend(table, get("/api/x").with("X-Version", "2"))).isEqualTo("00-api-v2-be82_0");
        assertThat(backend(table, get("/api/x"))).isEqualTo("api-v1-be81_0");
    }

    @Test
    void aConditionedServiceSortingAfterAPlainOneIsShadowedAsInDfp() {
        RouteTable table = compile(
                service("a-plain", path(81, "/api")),
                service("b-v2", path(82, "/api").conditions(new HeaderEquals("X-Version", List.of("2"))))).table(80);

        assertThat(backend(table, get("/api").with("X-Version", "2"))).isEqualTo("a-plain-be81_0");
    }

    @Test
    void userAgentDestinationsWithALastCatchAllAsDfpDocuments() {
        RouteTable table = compile(service("web",
                path(81, "/").conditions(new UserAgentContains(List.of("iphone", "android"))),
                path(82, "/").conditions(new UserAgentContains(List.of("googlebot"))),
                path(83, "/"))).table(80);

        assertThat(backend(table, get("/").with("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)")))
                .isEqualTo("web-be81_1");
        assertThat(backend(table, get("/").with("User-Agent", "Mozilla/5.0 (Linux; ANDROID 14)")))
                .isEqualTo("web-be81_1");
        assertThat(backend(table, get("/").with("User-Agent", "Googlebot/2.1"))).isEqualTo("web-be82_2");
        assertThat(backend(table, get("/").with("User-Agent", "curl/8.5"))).isEqualTo("web-be83_3");
        assertThat(backend(table, get("/"))).as("no User-Agent").isEqualTo("web-be83_3");
    }

    @Test
    void aCatchAllListedFirstShadowsTheAgentsAsInDfp() {
        RouteTable table = compile(service("web",
                path(83, "/"),
                path(81, "/").conditions(new UserAgentContains(List.of("iphone"))))).table(80);

        assertThat(backend(table, get("/").with("User-Agent", "iPhone"))).isEqualTo("web-be83_1");
    }

    @Test
    void conditionsAndUserAgentMustBothHold() {
        RouteTable table = compile(service("s", path(80, "/").conditions(
                new HeaderEquals("X-A", List.of("1")), new UserAgentContains(List.of("bot"))))).table(80);

        assertThat(backend(table, get("/").with("X-A", "1").with("User-Agent", "a bot"))).isEqualTo("s-be80_0");
        assertThat(backend(table, get("/").with("X-A", "1").with("User-Agent", "a human"))).isNull();
        assertThat(backend(table, get("/").with("User-Agent", "a bot"))).isNull();
    }

    @Test
    void matchWithoutARequestViewNeverMeetsHeaderConditions() {
        RouteTable table = compile(service("s", path(80, "/").conditions(
                new HeaderEquals("X-A", List.of("1"))))).table(80);

        assertThat(table.match(null, "/")).isNull();
    }

    @Test
    void describeShowsTheConditionsAsDfpsAcls() {
        RouteTable table = compile(service("s", path(80, "/").conditions(
                new HeaderEquals("X-Version", List.of("3", "4")), new UserAgentContains(List.of("a", "b")))))
                .table(80);

        assertThat(table.describe()).containsExactly(
                "s-be80_0  path_beg /  hdr(X-Version) 3 4  hdr_sub(User-Agent) -i a b  -> s:80");
    }
}
