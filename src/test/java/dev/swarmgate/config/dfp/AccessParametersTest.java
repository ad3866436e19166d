package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.MethodFilter;
import dev.swarmgate.config.PlainHttpDenial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code allowedMethods}, {@code deniedMethods} and {@code denyHttp} to access rules. */
class AccessParametersTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80&";

    private static Destination only(String query) throws InvalidServiceException {
        return spec(query).destinations().getFirst();
    }

    @Test
    void allowedMethodsAreUpperCased() throws InvalidServiceException {
        assertThat(only(BASE + "allowedMethods=get, Head,PROPFIND").rules())
                .containsExactly(new MethodFilter(List.of("GET", "HEAD", "PROPFIND"), true));
    }

    @Test
    void deniedMethodsDeny() throws InvalidServiceException {
        assertThat(only(BASE + "deniedMethods=PUT,POST").rules())
                .containsExactly(new MethodFilter(List.of("PUT", "POST"), false));
    }

    @Test
    void bothListsApply() throws InvalidServiceException {
        assertThat(only(BASE + "allowedMethods=GET,POST&deniedMethods=POST").rules()).containsExactly(
                new MethodFilter(List.of("GET", "POST"), true), new MethodFilter(List.of("POST"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "T", "TRUE"})
    void denyHttpTrueDeniesPlainHttp(String value) throws InvalidServiceException {
        assertThat(only(BASE + "denyHttp=" + value).rules()).containsExactly(new PlainHttpDenial());
    }

    @Test
    void denyHttpFalseAddsNothing() throws InvalidServiceException {
        assertThat(only(BASE + "denyHttp=false").rules()).isEmpty();
    }

    @Test
    void denyHttpThatIsNoBooleanIsA400RatherThanSilentlyOpen() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port.1=80&denyHttp.1=yes");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("denyHttp.1=yes is not a boolean");
    }

    @Test
    void indexedMethodsOnlyOnTheirDestination() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&port.1=81&deniedMethods.1=DELETE"
                + "&port.2=82").destinations();

        assertThat(destinations.get(0).rules()).containsExactly(new MethodFilter(List.of("DELETE"), false));
        assertThat(destinations.get(1).rules()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET POST", "G(T", "GET,\u00e9"})
    void methodThatIsNoTokenIsA400NamingTheParameterAndIndex(String value) {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port.1=80&allowedMethods.1=" + value);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: allowedMethods.1=").contains("not an HTTP method");
    }

    @Test
    void separatorOnlyMethodListIsA400() {
        assertThat(rejection(BASE + "deniedMethods=,").getMessage()).contains("deniedMethods names no method");
    }
}
