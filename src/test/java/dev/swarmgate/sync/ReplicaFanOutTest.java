package dev.swarmgate.sync;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaFanOutTest {

    /** The parameters of a raw query as the admin API decodes them. */
    private static Map<String, List<String>> decoded(String rawQuery) {
        return new QueryStringDecoder(rawQuery, false).parameters();
    }

    @Test
    void theForwardedQueryKeepsEveryOtherParameterAndSaysDistributeFalse() {
        String forwarded = ReplicaFanOut.notDistributed(decoded("serviceName=a&servicePath=%2Fdemo&distribute=true&port=80"));

        assertThat(decoded(forwarded)).isEqualTo(Map.of("serviceName", List.of("a"), "servicePath", List.of("/demo"),
                "port", List.of("80"), "distribute", List.of("false")));
    }

    @Test
    void everySpellingOfDistributeIsReplaced() {
        String forwarded = ReplicaFanOut.notDistributed(decoded("Distribute=1&distribute=true&%64istribute=t&x=1"));

        assertThat(decoded(forwarded)).isEqualTo(Map.of("x", List.of("1"), "distribute", List.of("false")));
    }

    /** Found by AdminQueryFuzzTest: these pairs survived a rewrite of the raw text and looped the fan-out. */
    @Test
    void distributeHiddenBehindASemicolonOrALeadingEqualsIsReplacedToo() {
        for (String query : List.of("serviceName=a&x;distribute=true", "serviceName=a&=distribute=true",
                "serviceName=a;Distribute=true")) {
            Map<String, List<String>> forwarded = decoded(ReplicaFanOut.notDistributed(decoded(query)));

            assertThat(forwarded.get("distribute")).as(query).containsExactly("false");
            assertThat(forwarded.keySet()).as(query).noneMatch(name -> !name.equals("distribute")
                    && name.equalsIgnoreCase("distribute"));
        }
    }

    /** Found by AdminQueryFuzzTest: raw bytes a URI may not hold made URI.create throw (a 500). */
    @Test
    void valuesAreReEncodedSoTheForwardedQueryIsAValidUri() {
        Map<String, List<String>> parameters = decoded("serviceName=a&x=%7Cpipe%20%7B%C3%A9%22&users=u:p%26w");

        String forwarded = ReplicaFanOut.notDistributed(parameters);

        assertThat(java.net.URI.create("http://127.0.0.1:8080/v1/docker-flow-proxy/reconfigure?" + forwarded))
                .isNotNull();
        Map<String, List<String>> again = decoded(forwarded);
        assertThat(again.get("x")).containsExactly("|pipe {\u00e9\"");
        assertThat(again.get("users")).containsExactly("u:p&w");
    }

    @Test
    void anEmptyQueryBecomesDistributeFalse() {
        assertThat(ReplicaFanOut.notDistributed(Map.of())).isEqualTo("distribute=false");
    }
}
