package dev.swarmgate.routing;

import dev.swarmgate.config.PathType;
import org.junit.jupiter.api.Test;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

/** servicePath, pathType and servicePathExclude. */
class PathMatchingTest {

    private static String routedTo(Snapshot snapshot, String path) {
        Route route = snapshot.table(80).match("example.com", path);
        return route == null ? null : route.serviceName();
    }

    @Test
    void prefixPathAlsoMatchesLongerWords() {
        Snapshot snapshot = compile(service("demo", path(80, "/demo")));

        assertThat(routedTo(snapshot, "/demonstration")).isEqualTo("demo");
        assertThat(routedTo(snapshot, "/dem")).isNull();
    }

    @Test
    void anyOfSeveralPathsMatches() {
        Snapshot snapshot = compile(service("api", path(80, "/api", "/v2")));

        assertThat(routedTo(snapshot, "/v2/users")).isEqualTo("api");
        assertThat(routedTo(snapshot, "/v3/users")).isNull();
    }

    @Test
    void exactPathMatchesOnlyTheSamePath() {
        Snapshot snapshot = compile(service("health", path(80, "/health").pathType(PathType.EXACT)));

        assertThat(routedTo(snapshot, "/health")).isEqualTo("health");
        assertThat(routedTo(snapshot, "/health/")).isNull();
    }

    @Test
    void suffixPathMatchesTheEnd() {
        Snapshot snapshot = compile(service("images", path(80, ".png").pathType(PathType.SUFFIX)));

        assertThat(routedTo(snapshot, "/a/b.png")).isEqualTo("images");
        assertThat(routedTo(snapshot, "/a/b.png.txt")).isNull();
    }

    @Test
    void regexPathIsFoundAnywhereLikePathReg() {
        Snapshot snapshot = compile(service("users", path(80, "v[0-9]+/users").pathType(PathType.REGEX)));

        assertThat(routedTo(snapshot, "/api/v2/users/7")).isEqualTo("users");
        assertThat(routedTo(snapshot, "/api/users")).isNull();
    }

    @Test
    void pathMatchIsCaseSensitive() {
        Snapshot snapshot = compile(service("demo", path(80, "/demo")));

        assertThat(routedTo(snapshot, "/Demo")).isNull();
    }

    @Test
    void excludedPathFallsThroughToNextRule() {
        Snapshot snapshot = compile(
                service("a-api", path(80, "/api").excludes("/api/internal")),
                service("b-internal", path(80, "/api/internal")));

        assertThat(routedTo(snapshot, "/api/internal/jobs")).isEqualTo("b-internal");
        assertThat(routedTo(snapshot, "/api/users")).isEqualTo("a-api");
    }

    @Test
    void excludeUsesTheDestinationsPathType() {
        Snapshot snapshot = compile(service("api",
                path(80, "^/api/").pathType(PathType.REGEX).excludes("\\.php$")));

        assertThat(routedTo(snapshot, "/api/index.php")).isNull();
        assertThat(routedTo(snapshot, "/api/index.html")).isEqualTo("api");
    }

    @Test
    void invalidRegexSkipsOnlyThatDestination() {
        Snapshot snapshot = compile(
                service("broken", path(80, "([a-z").pathType(PathType.REGEX)),
                service("fine", path(80, "/")));

        assertThat(routedTo(snapshot, "/anything")).isEqualTo("fine");
        assertThat(snapshot.table(80).routes()).extracting(Route::serviceName).containsExactly("fine");
    }

    @Test
    void missingPathMatchesNoRule() {
        Snapshot snapshot = compile(service("demo", path(80, "/demo")), service("root", path(80, "/")));

        assertThat(routedTo(snapshot, null)).isNull();
        assertThat(routedTo(snapshot, "")).isNull();
    }
}
