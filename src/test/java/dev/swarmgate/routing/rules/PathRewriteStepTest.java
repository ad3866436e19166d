package dev.swarmgate.routing.rules;

import dev.swarmgate.config.PathRewrite;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PathRewriteStepTest {

    private static String rewrite(PathRewrite rewrite, String uri) {
        MessageViews.Request request = new MessageViews.Request(uri);
        assertThat(new PathRewriteStep(rewrite).apply(request)).isEqualTo(StepResult.PROCEED);
        return request.uri;
    }

    @Test
    void theQueryIsKept() {
        assertThat(rewrite(new PathRewrite("/api/", "/"), "/api/users?page=2&q=/api/"))
                .isEqualTo("/users?page=2&q=/api/");
    }

    @Test
    void onlyTheFirstMatchIsReplacedAsRegsubWithoutFlags() {
        assertThat(rewrite(new PathRewrite("/a", "/b"), "/a/a/a")).isEqualTo("/b/a/a");
    }

    @Test
    void theGlobalFlagReplacesEveryMatch() {
        assertThat(rewrite(new PathRewrite("/a", "/b", true), "/a/a/a")).isEqualTo("/b/b/b");
    }

    @Test
    void groupsAreSubstituted() {
        assertThat(rewrite(new PathRewrite("^/v(\\d+)/(.*)$", "/$2\\2/version-$1"), "/v3/users"))
                .isEqualTo("/users2/version-3");
    }

    @Test
    void aPathWithoutAMatchIsLeftAlone() {
        assertThat(rewrite(new PathRewrite("^/old", "/new"), "/other?x=1")).isEqualTo("/other?x=1");
    }

    @Test
    void anEmptyResultOrOneWithoutItsSlashGetsOne() {
        assertThat(rewrite(new PathRewrite("^/api", ""), "/api?x=1")).isEqualTo("/?x=1");
        assertThat(rewrite(new PathRewrite("^/", ""), "/users")).isEqualTo("/users");
    }

    @Test
    void caseInsensitiveAsTheIFlagAsks() {
        assertThat(rewrite(new PathRewrite("(?i)^/API", "/x"), "/api/1")).isEqualTo("/x/1");
    }

    @Test
    void catastrophicBacktrackingIsCutShortWithA500() {
        PathRewriteStep step = new PathRewriteStep(new PathRewrite("^/(.*a){12}$", "/x"));
        MessageViews.Request request = new MessageViews.Request("/" + "a".repeat(60) + "!");
        // Without the budget this takes hours (n^12 backtracking; 28 characters already take seconds).
        StepResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> step.apply(request));
        assertThat(result).isInstanceOfSatisfying(LocalReply.class, reply -> assertThat(reply.status()).isEqualTo(500));
        assertThat(request.uri).as("the path is not half rewritten").startsWith("/aaaa");
    }
}
