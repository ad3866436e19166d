package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceParametersTest {

    private static Destination only(String query) throws InvalidServiceException {
        List<Destination> destinations = spec(query).destinations();
        assertThat(destinations).hasSize(1);
        return destinations.getFirst();
    }

    @Test
    void minimalHttpServiceIsParsed() throws InvalidServiceException {
        Destination destination = only("serviceName=go-demo&servicePath=/demo&port=8080");
        assertThat(destination.reqMode()).isEqualTo(ReqMode.HTTP);
        assertThat(destination.paths()).containsExactly("/demo");
        assertThat(destination.port()).isEqualTo(8080);
        assertThat(destination.srcPort()).isZero();
        assertThat(destination.domains()).isEmpty();
        assertThat(destination.outboundHostname()).isEmpty();
        assertThat(destination.timeoutServer()).isEmpty();
    }

    @Test
    void serviceNameIsTheSpecName() throws InvalidServiceException {
        assertThat(spec("serviceName=go-demo&servicePath=/&port=80").name()).isEqualTo("go-demo");
    }

    @Test
    void aclNameDefaultsToServiceName() throws InvalidServiceException {
        assertThat(spec("serviceName=go-demo&servicePath=/&port=80").aclName()).isEqualTo("go-demo");
    }

    @Test
    void aclNameIsRead() throws InvalidServiceException {
        assertThat(spec("serviceName=go-demo&aclName=00-first&servicePath=/&port=80").aclName()).isEqualTo("00-first");
    }

    @Test
    void serviceLevelNamesIgnoreCase() throws InvalidServiceException {
        var spec = spec("SERVICENAME=a&AclName=b&ISDEFAULTBACKEND=true&servicePath=/&port=80");
        assertThat(spec.name()).isEqualTo("a");
        assertThat(spec.aclName()).isEqualTo("b");
        assertThat(spec.defaultBackend()).isTrue();
    }

    @Test
    void destinationLevelNamesAreCaseSensitive() {
        assertThat(Parsing.rejection("serviceName=a&servicePath=/&PORT=80").getMessage()).contains("port is mandatory");
    }

    @Test
    void listsSplitOnTheConfiguredSeparator() throws InvalidServiceException {
        var settings = Query.settings(";", DomainMatch.PREFIX, false);
        assertThat(request(settings, "serviceName=a&servicePath=/a;/b,c&port=80").spec().orElseThrow()
                .destinations().getFirst().paths()).containsExactly("/a", "/b,c");
    }

    @Test
    void listValuesAreTrimmedAndEmptiesDropped() throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath= /a ,, /b ,&port=80").paths()).containsExactly("/a", "/b");
    }

    @Test
    void domainOnlyDestinationGetsRootPath() throws InvalidServiceException {
        Destination destination = only("serviceName=a&serviceDomain=a.com,b.com&port=80");
        assertThat(destination.paths()).containsExactly("/");
        assertThat(destination.domains()).containsExactly("a.com", "b.com");
    }

    @Test
    void domainWithPathKeepsThePath() throws InvalidServiceException {
        assertThat(only("serviceName=a&serviceDomain=a.com&servicePath=/x&port=80").paths()).containsExactly("/x");
    }

    @Test
    void domainMatchDefaultsToTheSetting() throws InvalidServiceException {
        var settings = Query.settings(",", DomainMatch.EXACT, false);
        assertThat(request(settings, "serviceName=a&serviceDomain=a.com&port=80").spec().orElseThrow()
                .destinations().getFirst().domainMatch()).isEqualTo(DomainMatch.EXACT);
    }

    @ParameterizedTest
    @CsvSource({"hdr, EXACT", "hdr(host), EXACT", "hdr_beg, PREFIX", "hdr_dom(host), DOMAIN", "hdr_end, SUFFIX"})
    void serviceDomainAlgoSelectsTheDomainMatch(String algo, DomainMatch match) throws InvalidServiceException {
        assertThat(only("serviceName=a&serviceDomain=a.com&port=80&serviceDomainAlgo=" + algo).domainMatch())
                .isEqualTo(match);
    }

    @Test
    void deprecatedServiceDomainMatchAllSelectsDomainMatch() throws InvalidServiceException {
        assertThat(only("serviceName=a&serviceDomain=a.com&port=80&serviceDomainMatchAll=true").domainMatch())
                .isEqualTo(DomainMatch.DOMAIN);
    }

    @Test
    void serviceDomainAlgoWinsOverMatchAll() throws InvalidServiceException {
        assertThat(only("serviceName=a&serviceDomain=a.com&port=80&serviceDomainMatchAll=true&serviceDomainAlgo=hdr")
                .domainMatch()).isEqualTo(DomainMatch.EXACT);
    }

    @Test
    void leadingStarSwitchesWholeServiceToSuffixMatch() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=a&servicePath.1=/x&port.1=80"
                + "&serviceDomain.2=b.com,*.c.com&port.2=81&serviceDomainAlgo=hdr").destinations();
        assertThat(destinations).extracting(Destination::domainMatch)
                .containsExactly(DomainMatch.SUFFIX, DomainMatch.SUFFIX);
        assertThat(destinations.get(1).domains()).containsExactly("b.com", ".c.com");
    }

    @Test
    void pathTypeDefaultsToPrefix() throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath=/&port=80").pathType()).isEqualTo(PathType.PREFIX);
    }

    @ParameterizedTest
    @CsvSource({"path, EXACT", "path_end, SUFFIX", "path_reg, REGEX", "path_beg, PREFIX"})
    void pathTypeIsRead(String name, PathType type) throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath=/x&port=80&pathType=" + name).pathType()).isEqualTo(type);
    }

    @Test
    void servicePathExcludeIsAList() throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath=/&servicePathExclude=/admin,/debug&port=80").pathExcludes())
                .containsExactly("/admin", "/debug");
    }

    @Test
    void srcPortIsRead() throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath=/&port=80&srcPort=8081").srcPort()).isEqualTo(8081);
    }

    @Test
    void outboundHostnameIsRead() throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath=/&port=80&outboundHostname=10.0.0.5").outboundHostname())
                .contains("10.0.0.5");
    }

    @Test
    void timeoutServerIsInSeconds() throws InvalidServiceException {
        assertThat(only("serviceName=a&servicePath=/&port=80&timeoutServer=120").timeoutServer())
                .contains(Duration.ofSeconds(120));
    }

    @Test
    void indexedTimeoutServerAppliesToItsDestinationOnly() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath.1=/a&port.1=80&timeoutServer.1=9&servicePath.2=/b&port.2=81")
                .destinations()).extracting(Destination::timeoutServer)
                .containsExactly(java.util.Optional.of(Duration.ofSeconds(9)), java.util.Optional.empty());
    }

    @Test
    void isDefaultBackendDefaultsToFalse() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80").defaultBackend()).isFalse();
    }

    @Test
    void isDefaultBackendUsesGoBooleans() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80&isDefaultBackend=T").defaultBackend()).isTrue();
        assertThat(rejection("serviceName=a&servicePath=/&port=80&isDefaultBackend=yes").getMessage())
                .as("not DFP's silent false").contains("isDefaultBackend=yes is not a boolean");
    }

    @Test
    void distributeIsAGoBoolean() throws InvalidServiceException {
        assertThat(request("serviceName=a&servicePath=/&port=80&distribute=1").distribute()).isTrue();
        assertThat(request("serviceName=a&servicePath=/&port=80").distribute()).isFalse();
    }

    @Test
    void unknownParametersAreIgnoredSilently() throws InvalidServiceException {
        ServiceRequest request =
                request("serviceName=a&servicePath=/&port=80&alertName=mem&scrapePort=9090&nodeInfo=x");
        assertThat(request.spec()).isPresent();
        assertThat(request.unsupported()).isEmpty();
    }

    @Test
    void rawParametersAreKept() throws InvalidServiceException {
        ServiceRequest request = request("serviceName=a&servicePath=/&port=80&alertName=mem");
        assertThat(request.parameters()).isEqualTo(Query.of("serviceName=a&servicePath=/&port=80&alertName=mem"));
    }
}
