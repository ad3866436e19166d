package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BackendTls;
import dev.swarmgate.config.ClientCertificateRequirement;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.MethodFilter;
import dev.swarmgate.config.PlainHttpDenial;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.TlsSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code httpsPort}, {@code srcHttpsPort}, {@code sslVerifyNone} and {@code verifyClientSsl} to the model. */
class TlsParametersTest {

    @Test
    void httpsPortAddsAnHttpsEntryOn443RightAfterThePortDestinationOn80() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/x&port=8080&httpsPort=8443").destinations();

        assertThat(destinations).hasSize(2);
        Destination plain = destinations.get(0);
        Destination https = destinations.get(1);
        assertThat(plain.srcPort()).isEqualTo(80);
        assertThat(plain.port()).isEqualTo(8080);
        assertThat(plain.tls().httpsEntry()).isFalse();
        assertThat(https.srcPort()).isEqualTo(443);
        assertThat(https.port()).isEqualTo(8443);
        assertThat(https.tls().httpsEntry()).isTrue();
        assertThat(https.index()).isZero();
        assertThat(https.paths()).containsExactly("/x");
    }

    @Test
    void srcPortAndSrcHttpsPortReplaceTheDefaults() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/x&port=8080&httpsPort=8443&srcPort=8081"
                + "&srcHttpsPort=8444").destinations();

        assertThat(destinations).extracting(Destination::srcPort).containsExactly(8081, 8444);
        assertThat(destinations).extracting(Destination::port).containsExactly(8080, 8443);
    }

    @Test
    void withoutHttpsPortSrcPortStaysEveryListener() throws InvalidServiceException {
        Destination only = spec("serviceName=a&servicePath=/x&port=8080&srcHttpsPort=8444").destinations().getFirst();

        assertThat(only.srcPort()).isZero();
        assertThat(only.tls().httpsEntry()).isFalse();
    }

    @Test
    void httpsPortAloneNeedsNoPortAndServesOnlyTheHttpsEntry() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/x&httpsPort=8443").destinations();

        assertThat(destinations).singleElement().satisfies(https -> {
            assertThat(https.tls().httpsEntry()).isTrue();
            assertThat(https.srcPort()).isEqualTo(443);
            assertThat(https.port()).isEqualTo(8443);
        });
    }

    @Test
    void neitherPortNorHttpsPortIsA400NamingBoth() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/x");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("port is mandatory (or httpsPort");
    }

    @Test
    void httpsPortZeroWithoutPortIsTheMissingPort400NotA500() {
        // Found by AdminParameterMapFuzzTest: httpsPort=0 passed the "port or httpsPort" check, then a port of 0
        // reached the model and the API answered 500.
        InvalidServiceException e = rejection("serviceName=a&serviceDomain=example.com&httpsPort=0");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("port is mandatory");
    }

    @Test
    void indexedHttpsPortStartsADestinationAndKeepsItsIndex() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath.1=/a&port.1=80&httpsPort.1=8443"
                + "&servicePath.2=/b&port.2=81").destinations();

        assertThat(destinations).extracting(Destination::index).containsExactly(1, 1, 2);
        assertThat(destinations).extracting(d -> d.tls().httpsEntry()).containsExactly(false, true, false);
        assertThat(destinations.get(2).srcPort()).as("a destination without httpsPort keeps every listener")
                .isZero();
    }

    @Test
    void denyHttpHttpsOnlyAndRedirectsStayOnThePortDestination() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/x&serviceDomain=new.example.com"
                + "&redirectFromDomain=old.example.com&port=80&httpsPort=8443&denyHttp=true&httpsOnly=true"
                + "&allowedMethods=GET&verifyClientSsl=true").destinations();

        assertThat(destinations.get(0).rules()).hasAtLeastOneElementOfType(PlainHttpDenial.class)
                .hasAtLeastOneElementOfType(HttpsRedirect.class).hasAtLeastOneElementOfType(DomainRedirect.class);
        assertThat(destinations.get(1).rules())
                .containsExactlyInAnyOrder(new MethodFilter(List.of("GET"), true), new ClientCertificateRequirement());
    }

    @Test
    void httpsPortAloneKeepsRedirectFromDomain() throws InvalidServiceException {
        Destination https = spec("serviceName=a&serviceDomain=new.example.com&redirectFromDomain=old.example.com"
                + "&httpsPort=8443").destinations().getFirst();

        assertThat(https.rules()).hasAtLeastOneElementOfType(DomainRedirect.class);
    }

    @Test
    void httpsPortOnATcpDestinationIsA400() {
        InvalidServiceException e = rejection("serviceName=a&reqMode=tcp&srcPort=6379&port=6379&httpsPort=6380");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("httpsPort applies to reqMode=http only");
    }

    @Test
    void srcPortEqualToSrcHttpsPortIsA400() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port=80&httpsPort=8443&srcPort=443");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("srcPort and srcHttpsPort are both 443");
    }

    @Test
    void httpsPortThatIsNoPortIsA400() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port.1=80&httpsPort.1=https");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("httpsPort.1=https is not valid");
    }

    @Test
    void httpsPortZeroIsNone() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80&httpsPort=0").destinations()).singleElement()
                .satisfies(only -> assertThat(only.srcPort()).isZero());
    }

    @Test
    void sslVerifyNoneMakesBothEntriesSpeakTlsToTheBackend() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath=/&port=80&httpsPort=8443"
                + "&sslVerifyNone=true").destinations();

        assertThat(destinations).extracting(d -> d.tls().backend())
                .containsExactly(BackendTls.UNVERIFIED, BackendTls.UNVERIFIED);
    }

    @Test
    void backendsArePlainByDefault() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80&sslVerifyNone=false").destinations().getFirst().tls()
                .backend()).isEqualTo(BackendTls.PLAIN);
    }

    @Test
    void sslVerifyNoneThatIsNoBooleanIsA400() {
        assertThat(rejection("serviceName=a&servicePath=/&port=80&sslVerifyNone=maybe").getMessage())
                .contains("sslVerifyNone=maybe is not a boolean");
    }

    @Test
    void sslVerifyNoneWithAnHttpHealthCheckIsA400() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port=80&sslVerifyNone=true"
                + "&healthCheckPath=/health");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("healthCheckPath with sslVerifyNone=true is not supported");
    }

    @Test
    void verifyClientSslRequiresAClientCertificate() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80&verifyClientSsl=true").destinations().getFirst()
                .rules()).containsExactly(new ClientCertificateRequirement());
    }

    @Test
    void verifyClientSslWithoutCaFileIsAcceptedWithAWarning() throws InvalidServiceException {
        ServiceRequest request = request("serviceName=a&servicePath=/&port=80&verifyClientSsl.1=true&port.1=80");

        assertThat(request.spec()).isPresent();
        assertThat(request.unsupported()).singleElement().asString()
                .startsWith("verifyClientSsl.1=true needs CA_FILE").contains("every request");
    }

    @Test
    void verifyClientSslWithCaFileHasNoWarning() throws InvalidServiceException {
        Settings withCa = Query.settings().withTls(new TlsSettings(TlsSettings.DEFAULT_CERTS_DIR, true,
                Optional.of(Path.of("/run/secrets/ca.pem")), TlsSettings.DEFAULT_PROTOCOLS, List.of(), List.of(),
                List.of()));

        assertThat(request(withCa, "serviceName=a&servicePath=/&port=80&verifyClientSsl=true").unsupported())
                .isEmpty();
    }

    @Test
    void envVariablesReachTheSameParameters() throws InvalidServiceException {
        List<Map<String, List<String>>> services = EnvServices.read(Map.of(
                "DFP_SERVICE_SERVICE_NAME", "a", "DFP_SERVICE_SERVICE_PATH", "/x", "DFP_SERVICE_PORT", "8080",
                "DFP_SERVICE_HTTPS_PORT", "8443", "DFP_SERVICE_SRC_HTTPS_PORT", "8444",
                "DFP_SERVICE_SSL_VERIFY_NONE", "true", "DFP_SERVICE_VERIFY_CLIENT_SSL", "true",
                "DFP_SERVICE_DENY_HTTP", "true"));

        List<Destination> destinations = new ServiceParameters(Query.settings()).parse(services.getFirst()).spec()
                .orElseThrow().destinations();

        assertThat(destinations).extracting(Destination::srcPort).containsExactly(80, 8444);
        assertThat(destinations).extracting(d -> d.tls().backend())
                .containsOnly(BackendTls.UNVERIFIED);
        assertThat(destinations.get(0).rules()).contains(new PlainHttpDenial(), new ClientCertificateRequirement());
        assertThat(destinations.get(1).rules()).containsExactly(new ClientCertificateRequirement());
    }

    @Test
    void labelsReachTheSameParameters() throws InvalidServiceException {
        Map<String, String> parameters = ServiceLabels.createParameters("web", Map.of(
                "com.df.notify", "true", "com.df.servicePath", "/x", "com.df.port", "8080",
                "com.df.httpsPort", "8443", "com.df.sslVerifyNone", "true"), NotifyLabel.DEFAULT,
                OptionalLong.of(1));

        List<Destination> destinations = new ServiceParameters(Query.settings())
                .parse(ServiceLabels.asRequest(parameters)).spec().orElseThrow().destinations();

        assertThat(destinations).extracting(Destination::port).containsExactly(8080, 8443);
        assertThat(destinations).extracting(d -> d.tls().backend()).containsOnly(BackendTls.UNVERIFIED);
    }
}
