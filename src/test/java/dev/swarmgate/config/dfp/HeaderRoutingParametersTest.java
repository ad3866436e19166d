package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.RequestCondition.HeaderEquals;
import dev.swarmgate.config.RequestCondition.UserAgentContains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code serviceHeader} and {@code userAgent} to header conditions (dfp-compat §2.2). */
class HeaderRoutingParametersTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80&";

    private static Destination only(String query) throws InvalidServiceException {
        return spec(query).destinations().getFirst();
    }

    @Test
    void serviceHeaderGivesOneConditionPerPair() throws InvalidServiceException {
        assertThat(only(BASE + "serviceHeader=X-Version:3,name: viktor ").conditions()).containsExactly(
                new HeaderEquals("X-Version", List.of("3")), new HeaderEquals("name", List.of("viktor")));
    }

    @Test
    void aValueWithSpacesListsAlternativesAsHAProxyReadsThem() throws InvalidServiceException {
        assertThat(only(BASE + "serviceHeader=X-Version:3 4").conditions())
                .containsExactly(new HeaderEquals("X-Version", List.of("3", "4")));
    }

    @Test
    void userAgentGivesOneConditionWithEveryFragment() throws InvalidServiceException {
        assertThat(only(BASE + "userAgent=googlebot,iPhone OS").conditions())
                .containsExactly(new UserAgentContains(List.of("googlebot", "iPhone", "OS")));
    }

    @Test
    void indexedDestinationsHaveTheirOwnConditionsAndTheLastCanBeACatchAll() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&port.1=81&userAgent.1=iphone"
                + "&port.2=82").destinations();

        assertThat(destinations.get(0).conditions()).containsExactly(new UserAgentContains(List.of("iphone")));
        assertThat(destinations.get(1).conditions()).isEmpty();
    }

    @Test
    void unindexedValueReachesIndexedDestinationsByFallback() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&serviceHeader=X-A:1&port.1=81&port.2=82")
                .destinations();

        assertThat(destinations).allSatisfy(destination -> assertThat(destination.conditions())
                .containsExactly(new HeaderEquals("X-A", List.of("1"))));
    }

    @Test
    void separatorIsHonoured() throws InvalidServiceException {
        Destination destination = Parsing.request(Query.settings(";", DomainMatch.PREFIX, false),
                BASE + "serviceHeader=X-A:1;X-B:2").spec().orElseThrow().destinations().getFirst();

        assertThat(destination.conditions()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Version", "X-Version:", ":3", "X Version:3", "X-Url:http://x", "X-A:1,x-a:2"})
    void malformedServiceHeaderIsA400NamingTheParameterAndIndex(String value) {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port.1=80&serviceHeader.1=" + value);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: serviceHeader.1 ");
    }

    @Test
    void serviceHeaderErrorsDoNotEchoTheValue() {
        assertThat(rejection(BASE + "serviceHeader=X-Key:s3cret:x").getMessage()).doesNotContain("s3cret");
        assertThat(rejection(BASE + "serviceHeader=X-Key:s3cret,X-Key:other").getMessage())
                .doesNotContain("s3cret");
    }

    @Test
    void separatorOnlyServiceHeaderIsA400() {
        assertThat(rejection(BASE + "serviceHeader=,").getMessage()).contains("serviceHeader names no header");
    }

    @Test
    void separatorOnlyUserAgentIsA400() {
        assertThat(rejection(BASE + "userAgent=,").getMessage()).contains("userAgent names no User-Agent fragment");
    }

    @Test
    void tcpDestinationsHaveNoConditions() throws InvalidServiceException {
        assertThat(only("serviceName=a&reqMode=tcp&srcPort=7000&port=80&userAgent=x").conditions()).isEmpty();
    }
}
