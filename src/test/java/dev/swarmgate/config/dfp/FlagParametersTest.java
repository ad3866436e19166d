package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Every boolean parameter takes Go's booleans and refuses anything else with the fix, not DFP's silent false. */
class FlagParametersTest {

    private static final String HTTP = "serviceName=a&servicePath=/&port=80&";
    private static final String TCP = "serviceName=a&reqMode=tcp&srcPort=5000&port=80&";

    @Test
    void healthCheckGivenAPathSaysThePathGoesInHealthCheckPath() {
        InvalidServiceException e = rejection(HTTP + "healthCheck=/health");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("serviceName a: healthCheck=/health is not a boolean: healthCheck turns"
                + " health checks on or off, and the path goes in healthCheckPath; use"
                + " healthCheck=true&healthCheckPath=/health");
    }

    @Test
    void indexedHealthCheckGivenAPathNamesTheIndexedPathParameter() {
        assertThat(rejection("serviceName=a&servicePath=/&port.1=80&healthCheck.1=/up").getMessage())
                .contains("healthCheck.1=/up is not a boolean", "use healthCheck.1=true&healthCheckPath.1=/up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"healthCheck=yes", "isDefaultBackend=on", "distribute=yes", "serviceDomainMatchAll=2",
            "checkResolvers=maybe", "shortName=yes", "ISDEFAULTBACKEND=on"})
    void httpFlagThatIsNotABooleanIsRefusedNamingParameterValueAndFix(String flag) {
        InvalidServiceException e = rejection(HTTP + flag);
        String name = flag.substring(0, flag.indexOf('='));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).containsIgnoringCase(flag + " is not a boolean; use " + name + "=true or ")
                .contains("=false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clitcpka=yes", "checkTcp=on", "healthCheck=/health"})
    void tcpFlagThatIsNotABooleanIsRefused(String flag) {
        assertThat(rejection(TCP + flag).getMessage()).contains(flag + " is not a boolean");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void everyGoSpellingOfTrueIsAccepted(String value) throws InvalidServiceException {
        assertThat(spec(HTTP + "healthCheck=" + value + "&isDefaultBackend=" + value).defaultBackend()).isTrue();
        assertThat(request(HTTP + "distribute=" + value).distribute()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void everyGoSpellingOfFalseIsAccepted(String value) throws InvalidServiceException {
        assertThat(spec(HTTP + "healthCheck=" + value).destinations().getFirst().healthCheck().enabled()).isFalse();
        assertThat(request(HTTP + "distribute=" + value).distribute()).isFalse();
    }

    @Test
    void anEmptyFlagCountsAsAbsentAsInDfp() throws InvalidServiceException {
        assertThat(spec(HTTP + "healthCheck=&isDefaultBackend=").destinations().getFirst().healthCheck().enabled())
                .isTrue();
    }
}
