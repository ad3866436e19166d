package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ReqMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceValidationTest {

    @Test
    void rejectsRequestWithoutServiceNameWithDfpText() {
        InvalidServiceException e = rejection("servicePath=/a&port=80");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("serviceName parameter is mandatory");
    }

    @Test
    void blankServiceNameCountsAsMissing() {
        assertThat(rejection("serviceName=&servicePath=/a&port=80").getMessage())
                .contains("serviceName parameter is mandatory");
    }

    @ParameterizedTest
    @CsvSource({"web%0Aforged, U+000A", "web%0Dforged, U+000D", "web%00forged, U+0000", "web%1Bforged, U+001B",
            "web%7Fforged, U+007F", "web%C2%85forged, U+0085", "web%09forged, U+0009", "web%E2%80%A8forged, U+2028"})
    void rejectsControlCharactersInServiceNameWithoutEchoingTheName(String name, String character) {
        String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        InvalidServiceException e = rejection("serviceName=" + decoded + "&servicePath=/a&port=80");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName has a control character (" + character + ") at position 4")
                .doesNotContain("forged");
    }

    @Test
    void rejectsAControlCharacterInAclNameWithoutEchoingIt() {
        InvalidServiceException e = rejection("serviceName=api&aclName=00\rforged&servicePath=/a&port=80");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("aclName has a control character (U+000D) at position 3")
                .doesNotContain("forged");
    }

    @Test
    void rejectsAnySrcPortOnTheAdminApisPort() {
        InvalidServiceException tcp = rejection("serviceName=db&reqMode=tcp&srcPort=8080&port=5432");
        InvalidServiceException indexedHttp =
                rejection("serviceName=web&servicePath.1=/a&port.1=80&servicePath.2=/b&srcPort.2=8080&port.2=80");

        assertThat(tcp.status()).isEqualTo(400);
        assertThat(tcp.getMessage())
                .startsWith("serviceName db: srcPort 8080 is the admin API's port (PORT); choose another");
        assertThat(indexedHttp.status()).isEqualTo(400);
        assertThat(indexedHttp.getMessage()).startsWith("serviceName web: srcPort.2 8080 is the admin API's port");
    }

    @Test
    void rejectsHttpServiceWithoutPathOrDomain() {
        InvalidServiceException e = rejection("serviceName=go-demo&port=8080");
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage())
                .startsWith("serviceName go-demo: reqMode=http needs servicePath or serviceDomain (got neither)");
    }

    @Test
    void pathOrDomainCheckComesBeforePortCheck() {
        assertThat(rejection("serviceName=go-demo").status()).isEqualTo(409);
    }

    @Test
    void indexedDestinationWithoutPathOrDomainIsNamedWithItsIndex() {
        InvalidServiceException e = rejection("serviceName=a&servicePath.1=/a&port.1=80&port.2=81");
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).contains("servicePath.2 or serviceDomain.2");
    }

    @Test
    void rejectsNonHttpServiceWithoutSrcPort() {
        InvalidServiceException e = rejection("serviceName=db&reqMode=tcp&port=5432");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName db: reqMode=tcp needs srcPort").contains("missing srcPort");
    }

    @Test
    void rejectsNonHttpServiceWithoutPort() {
        InvalidServiceException e = rejection("serviceName=db&reqMode=tcp&srcPort=5432");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("missing port");
    }

    @Test
    void rejectsMissingPort() {
        InvalidServiceException e = rejection("serviceName=go-demo&servicePath=/demo");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName go-demo: port is mandatory");
    }

    @Test
    void rejectsMissingPortOfIndexedDestination() {
        assertThat(rejection("serviceName=a&servicePath.1=/a&port.1=80&servicePath.2=/b").getMessage())
                .contains("port.2 is mandatory");
    }

    @Test
    void acceptsTcpWithSrcPortAndPort() throws InvalidServiceException {
        ServiceRequest request = request("serviceName=db&reqMode=tcp&srcPort=5432&port=5432&timeoutClient=7"
                + "&timeoutTunnel=60");
        Destination destination = request.spec().orElseThrow().destinations().getFirst();
        assertThat(destination.reqMode()).isEqualTo(ReqMode.TCP);
        assertThat(destination.srcPort()).isEqualTo(5432);
        assertThat(destination.timeoutClient()).contains(Duration.ofSeconds(7));
        assertThat(destination.timeoutTunnel()).contains(Duration.ofSeconds(60));
        assertThat(request.unsupported()).isEmpty();
    }

    @Test
    void rejectsTcpWithoutSrcPort() {
        InvalidServiceException e = rejection("serviceName=db&reqMode=tcp&port=5432");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("reqMode=tcp needs srcPort").contains("missing srcPort");
    }

    @Test
    void rejectsMalformedTimeoutTunnel() {
        InvalidServiceException e = rejection("serviceName=db&reqMode=tcp&srcPort=1&port=2&timeoutTunnel=1m");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("timeoutTunnel").contains("whole number of seconds");
    }

    @Test
    void rejectsHttpDestinationOnTheTcpSrcPortOfTheSameService() {
        InvalidServiceException e = rejection("serviceName=mix&reqMode.1=tcp&srcPort.1=6379&port.1=6379"
                + "&servicePath.2=/&srcPort.2=6379&port.2=80");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("srcPort.2=6379 (reqMode=http) is also srcPort.1 of a reqMode=tcp");
    }

    @Test
    void rejectsUnknownReqModeListingTheKnownOnes() {
        InvalidServiceException e = rejection("serviceName=a&reqMode=udp&servicePath=/&port=80");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("reqMode=udp").contains("http, tcp, sni");
    }

    @Test
    void reqModeIgnoresLetterCase() throws InvalidServiceException {
        assertThat(request("serviceName=a&reqMode=HTTP&servicePath=/&port=80").spec()).isPresent();
    }

    @ParameterizedTest
    @CsvSource({
            "port=abc, port=abc",
            "port=0, port=0",
            "port=70000, port=70000",
            "port=-1, port=-1",
            "port=80&srcPort=x, srcPort=x",
            "port=80&srcPort=65536, srcPort=65536",
            "port=80&timeoutServer=abc, timeoutServer=abc",
            "port=80&timeoutServer=0, timeoutServer=0",
            "port=80&replicas=two, replicas=two",
    })
    void rejectsMalformedNumbersNamingTheParameter(String numbers, String named) {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&" + numbers);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: " + named + " is not valid");
    }

    @Test
    void malformedIndexedNumberIsNamedWithItsIndex() {
        assertThat(rejection("serviceName=a&servicePath=/&port.1=80&port.2=abc").getMessage())
                .contains("port.2=abc is not valid");
    }

    @Test
    void rejectsUnknownPathTypeListingTheAcceptedOnes() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port=80&pathType=path_dir");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("pathType=path_dir").contains("path_beg, path, path_end, path_reg");
    }

    @Test
    void rejectsInvalidRegularExpressionForPathReg() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/a(b&port=80&pathType=path_reg");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("servicePath=/a(b").contains("not a valid regular expression");
    }

    @Test
    void rejectsInvalidRegularExpressionInPathExclude() {
        assertThat(rejection("serviceName=a&servicePath=/a&servicePathExclude=[&port=80&pathType=path_reg")
                .getMessage()).contains("servicePathExclude=[");
    }

    @Test
    void regexCharactersAreFineForOtherPathTypes() throws InvalidServiceException {
        assertThat(request("serviceName=a&servicePath=/a(b&port=80").spec()).isPresent();
    }

    @Test
    void rejectsUnknownServiceDomainAlgo() {
        InvalidServiceException e =
                rejection("serviceName=a&serviceDomain=a.com&port=80&serviceDomainAlgo=hdr_sub(host)");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("serviceDomainAlgo=hdr_sub(host)").contains("hdr_beg(host)");
    }

    @Test
    void rejectsBareStarDomain() {
        assertThat(rejection("serviceName=a&serviceDomain=*&port=80").getMessage()).contains("bare *");
    }

    @Test
    void replicasZeroRemovesTheService() throws InvalidServiceException {
        ServiceRequest request = request("serviceName=a&servicePath=/&port=80&replicas=0");
        assertThat(request.serviceName()).isEqualTo("a");
        assertThat(request.spec()).isEmpty();
    }

    @Test
    void replicasZeroRemovesEvenWhenTheServiceUsesUnimplementedParameters() throws InvalidServiceException {
        assertThat(request("serviceName=a&servicePath=/&port=80&users=u:p&replicas=0").spec()).isEmpty();
    }

    @Test
    void replicasAboveZeroKeepsTheService() throws InvalidServiceException {
        assertThat(request("serviceName=a&servicePath=/&port=80&replicas=3").spec()).isPresent();
    }

    @Test
    void internalFieldsAreNotHonoured() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&servicePort=8080&isGlobal=true&tasks=x"
                + "&aclCondition=x&lookupRetry=3");
        assertThat(e.getMessage()).contains("port is mandatory");
    }
}
