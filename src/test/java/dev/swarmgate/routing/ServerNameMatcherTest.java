package dev.swarmgate.routing;

import dev.swarmgate.config.ServerNameMatch;
import dev.swarmgate.config.ServerNameMatch.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HAProxy's {@code -m} methods on TLS server names, always case-insensitive. */
class ServerNameMatcherTest {

    private static boolean matches(Method method, String pattern, String serverName) {
        return ServerNameMatcher.of(new ServerNameMatch(method, List.of(pattern))).matches(serverName);
    }

    @ParameterizedTest
    @CsvSource({
            "EXACT, a.example.com, a.example.com, true",
            "EXACT, a.example.com, A.Example.COM, true",
            "EXACT, A.EXAMPLE.com, a.example.com, true",
            "EXACT, a.example.com, a.example.com.evil.net, false",
            "EXACT, a.example.com, b.a.example.com, false",
            "PREFIX, api., api.example.com, true",
            "PREFIX, api., API.example.com, true",
            "PREFIX, api., www.api.example.com, false",
            "SUFFIX, .example.com, a.example.com, true",
            "SUFFIX, .example.com, example.com, false",
            "SUFFIX, .example.com, a.example.com.evil.net, false",
            "SUBSTRING, example, www.example.com, true",
            "SUBSTRING, example, www.exampl.com, false",
            "DOMAIN, example.com, example.com, true",
            "DOMAIN, example.com, www.example.com, true",
            "DOMAIN, example.com, example.com.cn, true",
            "DOMAIN, example.com, myexample.com, false",
            "DOMAIN, example.com, www.example.community, false",
            "REGEX, ^(api\\.), api.example.com, true",
            "REGEX, ^(api\\.), www.api.example.com, false",
            "REGEX, ^(API\\.), api.example.com, true",
            "REGEX, example\\.(com|net)$, a.example.net, true"})
    void comparesTheServerNameAsHaproxysMatchMethod(Method method, String pattern, String serverName,
                                                    boolean expected) {
        assertThat(matches(method, pattern, serverName)).isEqualTo(expected);
    }

    @Test
    void anyPatternOfTheListIsEnough() {
        ServerNameMatcher matcher = ServerNameMatcher.of(new ServerNameMatch(Method.EXACT,
                List.of("a.example.com", "b.example.com")));

        assertThat(matcher.matches("b.example.com")).isTrue();
        assertThat(matcher.matches("c.example.com")).isFalse();
    }

    @Test
    void aClientHelloWithoutServerNameMatchesNothingNotEvenAMatchAllRegex() {
        ServerNameMatcher any = ServerNameMatcher.of(new ServerNameMatch(Method.REGEX, List.of(".*")));

        assertThat(any.matches(null)).isFalse();
        assertThat(any.matches("")).isFalse();
        assertThat(any.matches("x")).isTrue();
    }
}
