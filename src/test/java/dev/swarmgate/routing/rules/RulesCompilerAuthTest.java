package dev.swarmgate.routing.rules;

import dev.swarmgate.config.AuthExemption;
import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which users guard a route: its service's, else the global USERS, none when exempt. */
class RulesCompilerAuthTest {

    private static final BasicAuth SERVICE = new BasicAuth("apiRealm",
            List.of(new UserCredential("svc", "one", false)));
    private static final Optional<BasicAuth> GLOBAL = Optional.of(new BasicAuth("defaultRealm",
            List.of(new UserCredential("glob", "two", false))));

    private static StepResult as(RouteRules rules, String userAndPassword) {
        HeadersOnlyRequest request = new HeadersOnlyRequest().with("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
        return rules.request().getFirst().apply(request);
    }

    private static String realm(StepResult result) {
        return ((LocalReply) result).headers().getFirst().value();
    }

    @Test
    void theGlobalUsersGuardARouteWithoutUsersOfItsOwn() {
        RouteRules rules = RulesCompiler.compile(List.of(), GLOBAL);

        assertThat(as(rules, "glob:two")).isEqualTo(StepResult.PROCEED);
        assertThat(realm(as(rules, "svc:one"))).isEqualTo("Basic realm=\"defaultRealm\"");
    }

    @Test
    void theServicesUsersReplaceTheGlobalOnes() {
        RouteRules rules = RulesCompiler.compile(List.of(SERVICE), GLOBAL);

        assertThat(rules.request()).hasSize(1);
        assertThat(as(rules, "svc:one")).isEqualTo(StepResult.PROCEED);
        assertThat(realm(as(rules, "glob:two"))).isEqualTo("Basic realm=\"apiRealm\"");
    }

    @Test
    void anExemptRouteHasNoAuthenticationAtAll() {
        List<HttpRule> exempt = List.of(new AuthExemption());

        assertThat(RulesCompiler.compile(exempt, GLOBAL).isEmpty()).isTrue();
        assertThat(RulesCompiler.compile(List.of(SERVICE, new AuthExemption()), GLOBAL).isEmpty()).isTrue();
    }

    @Test
    void withoutAnyUsersThereIsNoStep() {
        assertThat(RulesCompiler.compile(List.of(), Optional.empty())).isSameAs(RouteRules.NONE);
    }
}
