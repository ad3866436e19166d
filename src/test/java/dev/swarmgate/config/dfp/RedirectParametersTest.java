package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.HttpsRedirect.When;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code redirectFromDomain}, {@code httpsOnly}/HTTPS_ONLY, {@code httpsRedirectCode} and the proto redirects. */
class RedirectParametersTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80&";

    private static Destination only(String query) throws InvalidServiceException {
        return spec(query).destinations().getFirst();
    }

    @Test
    void httpsOnlyRedirectsWith302ByDefault() throws InvalidServiceException {
        assertThat(only(BASE + "httpsOnly=true").rules())
                .containsExactly(new HttpsRedirect(302, When.PLAIN_CONNECTION));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void httpsRedirectCodeSetsTheStatus(int code) throws InvalidServiceException {
        assertThat(only(BASE + "httpsOnly=true&httpsRedirectCode=" + code).rules())
                .containsExactly(new HttpsRedirect(code, When.PLAIN_CONNECTION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"304", "200", "3O1", "+301", "abc", "0301", "3010"})
    void otherRedirectCodesAreA400NamingTheParameterAndIndex(String code) {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port.1=80&httpsOnly.1=true"
                + "&httpsRedirectCode.1=" + code);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("httpsRedirectCode.1=").contains("301, 302, 303, 307, 308");
    }

    @Test
    void unindexedHttpsOnlyReachesEveryDestination() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&httpsOnly=true&httpsOnly.2=false"
                + "&port.1=81&port.2=82&httpsRedirectCode.2=301").destinations();

        assertThat(destinations.get(0).rules()).containsExactly(new HttpsRedirect(302, When.PLAIN_CONNECTION));
        assertThat(destinations.get(1).rules()).as("DFP ORs the un-indexed value in")
                .containsExactly(new HttpsRedirect(301, When.PLAIN_CONNECTION));
    }

    @Test
    void indexedHttpsOnlyOnlyOnItsDestination() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&port.1=81&httpsOnly.1=true&port.2=82")
                .destinations();

        assertThat(destinations.get(0).rules()).containsExactly(new HttpsRedirect(302, When.PLAIN_CONNECTION));
        assertThat(destinations.get(1).rules()).isEmpty();
    }

    @Test
    void httpsOnlyEnvironmentReachesEveryServiceAndDestination() throws InvalidServiceException {
        List<Destination> destinations = request(Query.settings(",", DomainMatch.PREFIX, true),
                "serviceName=a&servicePath=/&port.1=81&port.2=82&httpsRedirectCode.2=308")
                .spec().orElseThrow().destinations();

        assertThat(destinations.get(0).rules()).containsExactly(new HttpsRedirect(302, When.PLAIN_CONNECTION));
        assertThat(destinations.get(1).rules()).containsExactly(new HttpsRedirect(308, When.PLAIN_CONNECTION));
    }

    @Test
    void httpsOnlyThatIsNoBooleanIsA400() {
        assertThat(rejection(BASE + "httpsOnly=yes").getMessage()).contains("httpsOnly=yes is not a boolean");
    }

    @Test
    void protoRedirectsAreServiceLevelWithEachDestinationsCode() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&RedirectWhenHttpProto=true"
                + "&redirectUnlessHttpsProto=1&port.1=81&port.2=82&httpsRedirectCode.2=301").destinations();

        assertThat(destinations.get(0).rules()).containsExactly(new HttpsRedirect(302, When.FORWARDED_PROTO_HTTP),
                new HttpsRedirect(302, When.FORWARDED_PROTO_NOT_HTTPS));
        assertThat(destinations.get(1).rules()).containsExactly(new HttpsRedirect(301, When.FORWARDED_PROTO_HTTP),
                new HttpsRedirect(301, When.FORWARDED_PROTO_NOT_HTTPS));
    }

    @Test
    void protoRedirectThatIsNoBooleanIsA400() {
        assertThat(rejection(BASE + "redirectUnlessHttpsProto=on").getMessage())
                .contains("redirectUnlessHttpsProto=on is not a boolean");
    }

    @Test
    void redirectFromDomainGoesToTheFirstServiceDomain() throws InvalidServiceException {
        assertThat(only("serviceName=a&serviceDomain=new.example.com,www.new.example.com&port=80"
                + "&redirectFromDomain=old.example.com,old.example.org").rules())
                .containsExactly(new DomainRedirect(List.of("old.example.com", "old.example.org"),
                        "new.example.com"));
    }

    @Test
    void redirectFromDomainWithoutServiceDomainIsA400NamingBoth() {
        InvalidServiceException e = rejection("serviceName=a&servicePath.1=/&port.1=80"
                + "&redirectFromDomain.1=old.example.com");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("redirectFromDomain.1 needs serviceDomain.1");
    }

    @Test
    void redirectFromDomainToAWildcardIsA400() {
        assertThat(rejection("serviceName=a&serviceDomain=*example.com&port=80&redirectFromDomain=old.org")
                .getMessage()).contains("wildcard");
    }

    @Test
    void redirectFromDomainWithAPathIsA400() {
        assertThat(rejection("serviceName=a&serviceDomain=example.com&port=80&redirectFromDomain=old.org/x")
                .getMessage()).contains("redirectFromDomain=old.org/x has 'old.org/x'");
    }
}
