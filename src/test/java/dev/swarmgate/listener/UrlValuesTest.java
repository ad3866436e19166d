package dev.swarmgate.listener;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notification query strings are byte for byte Go's {@code url.Values.Encode}. The expected strings were printed by
 * Go 1.19's {@code net/url} (Debian golang-go) for the same maps; they are pasted here, not computed.
 */
class UrlValuesTest {

    @Test
    void encodesTheDfslExampleExactly() {
        Map<String, String> values = Map.of("serviceName", "go-demo", "servicePath", "/demo", "port", "8080",
                "replicas", "1", "distribute", "true");

        assertThat(UrlValues.encode(values))
                .isEqualTo("distribute=true&port=8080&replicas=1&serviceName=go-demo&servicePath=%2Fdemo");
    }

    @Test
    void escapesEverythingButLettersDigitsAndDashUnderscoreDotTildeAndWritesSpaceAsPlus() {
        Map<String, String> values = Map.of("servicePath", "/a b", "k", "x*y~z!'()",
                "reqPathSearchReplace", "/demo/,/", "serviceDomain", "a.com,b.com");

        assertThat(UrlValues.encode(values)).isEqualTo("k=x%2Ay~z%21%27%28%29"
                + "&reqPathSearchReplace=%2Fdemo%2F%2C%2F&serviceDomain=a.com%2Cb.com&servicePath=%2Fa+b");
    }

    @Test
    void sortsKeysByByteSoUpperCaseAndUnderscoreComeBeforeLowerCase() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("headers", "X-A: 1; X-B=2&3+4@5$6#7%8?9");
        values.put("users", "ü:ñ€");
        values.put("a", "A");
        values.put("_", "-.~");
        values.put("Z", "z");

        assertThat(UrlValues.encode(values)).isEqualTo("Z=z&_=-.~&a=A"
                + "&headers=X-A%3A+1%3B+X-B%3D2%263%2B4%405%246%237%258%3F9&users=%C3%BC%3A%C3%B1%E2%82%AC");
    }

    @Test
    void escapesControlCharactersQuotesAndKeepsEmptyValues() {
        Map<String, String> values = Map.of("json", "[[\"h\",\"10.0.0.1\",\"n\"]]", "tab", "a\tb\nc", "empty", "");

        assertThat(UrlValues.encode(values))
                .isEqualTo("empty=&json=%5B%5B%22h%22%2C%2210.0.0.1%22%2C%22n%22%5D%5D&tab=a%09b%0Ac");
    }
}
