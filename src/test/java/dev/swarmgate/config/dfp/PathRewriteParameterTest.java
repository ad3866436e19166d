package dev.swarmgate.config.dfp;

import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.PathRewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** reqPathSearchReplace(.N) and the deprecated reqPathSearch / reqPathReplace pair, as Java regex rewrites. */
class PathRewriteParameterTest {

    private static final String BASE = "serviceName=a&servicePath=/api&port=80&";

    private static List<HttpRule> rules(String query, int destination) throws InvalidServiceException {
        return spec(query).destinations().get(destination).rules();
    }

    @Test
    void aPairBecomesAFirstMatchRewrite() throws InvalidServiceException {
        assertThat(rules(BASE + "reqPathSearchReplace=/api/,/", 0))
                .containsExactly(new PathRewrite("/api/", "/", false));
    }

    @Test
    void pairsSeparatedByColonsRunInOrder() throws InvalidServiceException {
        assertThat(rules(BASE + "reqPathSearchReplace=/something/,/demo/:^/old,/new", 0)).containsExactly(
                new PathRewrite("/something/", "/demo/"), new PathRewrite("^/old", "/new"));
    }

    @Test
    void regsubFlagsAreHonoured() throws InvalidServiceException {
        assertThat(rules(BASE + "reqPathSearchReplace=/a,/b,gi", 0))
                .containsExactly(new PathRewrite("(?i)/a", "/b", true));
    }

    @Test
    void theDeprecatedPairIsPrependedToEveryDestination() throws InvalidServiceException {
        String query = "serviceName=a&port=80&servicePath.1=/a&servicePath.2=/b&reqPathSearch=^/old&reqPathReplace=/new"
                + "&reqPathSearchReplace.2=/b/,/";
        assertThat(rules(query, 0)).containsExactly(new PathRewrite("^/old", "/new"));
        assertThat(rules(query, 1)).containsExactly(new PathRewrite("^/old", "/new"), new PathRewrite("/b/", "/"));
    }

    @Test
    void theDeprecatedReplaceMayBeEmpty() throws InvalidServiceException {
        assertThat(rules(BASE + "reqPathSearch=/api&reqPathReplace=", 0)).containsExactly(new PathRewrite("/api", ""));
        assertThat(rules(BASE + "reqPathSearch=/api", 0)).containsExactly(new PathRewrite("/api", ""));
    }

    @Test
    void eachIndexedDestinationHasItsOwnRewrites() throws InvalidServiceException {
        String query = "serviceName=a&port=80&servicePath.1=/a&servicePath.2=/b&reqPathSearchReplace.1=^/a,/x";
        assertThat(rules(query, 0)).containsExactly(new PathRewrite("^/a", "/x"));
        assertThat(rules(query, 1)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/\\1            | /$1",
            "/\\0            | /$0",
            "/v\\12          | /v$1\\2",
            "/a$b            | /a\\$b",
            "/a\\\\b         | /a\\\\b",
            "/a\\x2Fb        | /a/b",
            "/a\\.b          | /a.b",
            "''              | ''"})
    void sedReplacementsBecomeJavaReplacements(String sed, String java) throws RuleValueException {
        assertThat(RegsubRewrite.replacement(sed, 1)).isEqualTo(java);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "reqPathSearchReplace=/api                | is not a search,replace pair",
            "reqPathSearchReplace=,/x                 | has an empty regex",
            "reqPathSearchReplace=/a,/b,c,d           | neither the regex nor the replacement can hold a comma",
            "reqPathSearchReplace=/a,/b,x             | knows only g (every match) and i (ignore case)",
            "reqPathSearchReplace=^/a(b,/x            | is not valid in Java's regex dialect (Unclosed group",
            "reqPathSearchReplace=/\\K,/x             | is not valid in Java's regex dialect",
            "reqPathSearch=[[:alpha:]]&reqPathReplace=/x | uses the POSIX class [:alpha:]",
            "reqPathSearchReplace=^/(a),/\\2          | refers to \\2 but the regex has 1 group",
            "reqPathSearchReplace=^/a,/b\\            | ends with a lone backslash",
            "reqPathSearchReplace=^/a,/b c            | would put a space, a control or a non-ASCII character",
            "reqPathSearchReplace=^/a,/caf\u00e9      | would put a space, a control or a non-ASCII character",
            "reqPathSearchReplace=^/a,/\\xE9         | would put a space, a control or a non-ASCII character",
            "reqPathSearchReplace=^/a,/\\xZZ          | \\x not followed by two hex digits",
            "reqPathSearchReplace=^/a,/b:             | '' is not a search,replace pair",
            "reqPathReplace=/x                        | reqPathReplace needs reqPathSearch"})
    void badValuesAreRefusedNamingTheParameter(String parameter, String message) {
        InvalidServiceException e = rejection(BASE + parameter);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: " + parameter.substring(0, parameter.indexOf('=')))
                .contains(message);
    }

    @Test
    void anIndexedBadValueIsNamedWithItsIndex() {
        InvalidServiceException e = rejection("serviceName=a&port=80&servicePath.1=/a&servicePath.2=/b"
                + "&reqPathSearchReplace.2=(,/");
        assertThat(e.getMessage()).startsWith("serviceName a: reqPathSearchReplace.2: the regex ( is not valid");
    }

    @Test
    void theDeprecatedSearchIsNamedWhenBad() {
        assertThat(rejection(BASE + "reqPathSearch=(&reqPathReplace=/").getMessage())
                .startsWith("serviceName a: reqPathSearch: the regex ( is not valid");
    }
}
