package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServerNameMatch;
import dev.swarmgate.config.ServerNameMatch.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code reqMode=sni}: servicePath is the TLS server name, pathType DFP's HAProxy words for comparing it. */
class ServerNameParametersTest {

    private static final String SNI = "serviceName=api&reqMode=sni&srcPort=443&port=8443";

    private static ServerNameMatch serverName(String query) throws InvalidServiceException {
        Destination destination = spec(query).destinations().getFirst();
        assertThat(destination.reqMode()).isEqualTo(ReqMode.SNI);
        return destination.tcp().serverName().orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
            "req_ssl_sni -i -m beg, PREFIX",
            "req_ssl_sni -m beg, PREFIX",
            "req_ssl_sni -i -m end, SUFFIX",
            "req_ssl_sni -i -m reg, REGEX",
            "req_ssl_sni -i -m sub, SUBSTRING",
            "req_ssl_sni -i -m dom, DOMAIN",
            "req_ssl_sni -i -m str, EXACT",
            "req_ssl_sni -i, EXACT",
            "req_ssl_sni, EXACT",
            "req.ssl_sni -i -m beg, PREFIX",
            "REQ_SSL_SNI -m BEG, PREFIX",
            "req_ssl_sni  -i   -m  beg , PREFIX"})
    void readsTheMatchMethodFromDfpsPathType(String pathType, Method method) throws Exception {
        assertThat(serverName(SNI + "&servicePath=api.&pathType=" + pathType))
                .isEqualTo(new ServerNameMatch(method, List.of("api.")));
    }

    @Test
    void withoutPathTypeTheServerNameMustBeExactWhereDfpWroteANeverMatchingPathBeg() throws Exception {
        assertThat(serverName(SNI + "&servicePath=a.example.com,b.example.com"))
                .isEqualTo(new ServerNameMatch(Method.EXACT, List.of("a.example.com", "b.example.com")));
    }

    @ParameterizedTest
    @CsvSource({"path_beg", "path", "hdr(host)", "ssl_fc_sni -m beg", "req.ssl_hello_type"})
    void refusesAPathTypeThatDoesNotReadTheServerNameNamingTheAcceptedForms(String pathType) {
        InvalidServiceException e = rejection(SNI + "&servicePath=api.&pathType=" + pathType);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName api: pathType=" + pathType)
                .contains("does not read the TLS server name").contains("req_ssl_sni -m beg (prefix)");
    }

    @ParameterizedTest
    @CsvSource({"req_ssl_sni -m len, -m len", "req_ssl_sni -m found, -m found", "req_ssl_sni -f /file, -f",
            "req_ssl_sni -m, -m"})
    void refusesMatchMethodsAndFlagsSwarmgateDoesNotHave(String pathType, String named) {
        InvalidServiceException e = rejection(SNI + "&servicePath=api.&pathType=" + pathType);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains(named).contains("-m end (suffix)");
    }

    @Test
    void needsServicePathAndSaysItIsTheServerName() {
        InvalidServiceException e = rejection(SNI + "&serviceDomain=api.example.com");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("reqMode=sni needs servicePath: the TLS server name");
    }

    @Test
    void refusesAnInvalidRegex() {
        InvalidServiceException e = rejection(SNI + "&servicePath=^(api&pathType=req_ssl_sni -i -m reg");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("servicePath=^(api is not a valid regular expression");
    }

    @Test
    void refusesAWildcardOrPathAsServerNameAndShowsTheSuffixForm() {
        InvalidServiceException star = rejection(SNI + "&servicePath=*.example.com");
        InvalidServiceException path = rejection(SNI + "&servicePath=/api");

        assertThat(star.getMessage()).contains("servicePath=*.example.com is not a server name")
                .contains("servicePath=.example.com with pathType=req_ssl_sni -i -m end");
        assertThat(path.getMessage()).contains("servicePath=/api is not a server name");
    }

    @Test
    void keepsClitcpkaAndCheckTcpButRefusesServiceGroup() throws Exception {
        Destination destination = spec(SNI + "&servicePath=api.example.com&clitcpka=true&checkTcp=true")
                .destinations().getFirst();
        InvalidServiceException group = rejection(SNI + "&servicePath=api.example.com&serviceGroup=web");

        assertThat(destination.tcp().clientKeepAlive()).isTrue();
        assertThat(destination.healthCheck().enabled()).isTrue();
        assertThat(destination.tcp().serviceGroup()).isEmpty();
        assertThat(group.getMessage()).contains("serviceGroup applies to reqMode=tcp only");
    }

    @Test
    void reportsServiceDomainAsIgnoredBecauseDfpsSniFrontendNeverUsedIt() throws Exception {
        ServiceRequest request = request(SNI + "&servicePath=api.example.com&serviceDomain=api.example.com");

        assertThat(request.unsupported()).containsExactly("serviceDomain is not used by reqMode=sni, which picks the"
                + " service by the TLS server name in servicePath (with pathType), so it is ignored");
        assertThat(request.spec().orElseThrow().destinations().getFirst().paths()).containsExactly("api.example.com");
    }

    @Test
    void severalSniDestinationsOfOneServiceShareTheirSrcPort() throws Exception {
        List<Destination> destinations = spec("serviceName=api&reqMode.1=sni&srcPort.1=443&port.1=8443"
                + "&servicePath.1=a.example.com&reqMode.2=sni&srcPort.2=443&port.2=9443&servicePath.2=b.example.com"
                + "&pathType.2=req_ssl_sni -i -m beg").destinations();

        assertThat(destinations).extracting(d -> d.tcp().serverName().orElseThrow().method())
                .containsExactly(Method.EXACT, Method.PREFIX);
    }

    @Test
    void refusesATcpOrHttpDestinationOnTheSniSrcPortOfTheSameService() {
        InvalidServiceException tcp = rejection("serviceName=mix&reqMode.1=sni&srcPort.1=443&port.1=443"
                + "&servicePath.1=a.example.com&reqMode.2=tcp&srcPort.2=443&port.2=80");
        InvalidServiceException http = rejection("serviceName=mix&reqMode.1=sni&srcPort.1=443&port.1=443"
                + "&servicePath.1=a.example.com&servicePath.2=/&srcPort.2=443&port.2=80");

        assertThat(tcp.getMessage()).contains("srcPort.2=443 (reqMode=tcp) is also srcPort.1 of a reqMode=");
        assertThat(http.getMessage()).contains("srcPort.2=443 (reqMode=http) is also srcPort.1 of a reqMode=sni"
                + " destination; an sni srcPort passes TLS through by server name");
    }

    @Test
    void serviceDomainAlgoReqSslSniPointsAtReqModeSni() {
        InvalidServiceException e = rejection("serviceName=api&reqMode=tcp&srcPort=443&port=443"
                + "&serviceDomain=api.example.com&serviceDomainAlgo=req.ssl_sni");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("use reqMode=sni with the names in servicePath");
    }

    @Test
    void sniStillNeedsSrcPortAndPortAsDfp() {
        InvalidServiceException e = rejection("serviceName=api&reqMode=sni&servicePath=api.&port=443");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("reqMode=sni needs srcPort");
    }

    @Test
    void dfpsSniTutorialLabelsParse() throws Exception {
        Map<String, String> labels = Map.of("com.df.notify", "true", "com.df.pathType", "req_ssl_sni -i -m reg",
                "com.df.servicePath", "^(api\\.)", "com.df.srcPort", "443", "com.df.reqMode", "sni",
                "com.df.port", "443");
        Map<String, String> parameters = ServiceLabels.createParameters("example_api", labels, NotifyLabel.DEFAULT,
                OptionalLong.of(1));

        ServiceRequest request = new ServiceParameters(Query.settings()).parse(ServiceLabels.asRequest(parameters));

        Destination destination = request.spec().orElseThrow().destinations().getFirst();
        assertThat(destination.srcPort()).isEqualTo(443);
        assertThat(destination.tcp().serverName()).contains(new ServerNameMatch(Method.REGEX, List.of("^(api\\.)")));
    }

    @Test
    void envServicesParseTheSameWay() throws Exception {
        List<Map<String, List<String>>> services = EnvServices.read(Map.of("DFP_SERVICE_SERVICE_NAME", "test",
                "DFP_SERVICE_REQ_MODE", "sni", "DFP_SERVICE_SRC_PORT", "443", "DFP_SERVICE_PORT", "443",
                "DFP_SERVICE_SERVICE_PATH", "test.", "DFP_SERVICE_PATH_TYPE", "req_ssl_sni -i -m beg"));

        ServiceRequest request = new ServiceParameters(Query.settings()).parse(services.getFirst());

        assertThat(request.spec().orElseThrow().destinations().getFirst().tcp().serverName())
                .contains(new ServerNameMatch(Method.PREFIX, List.of("test.")));
    }
}
