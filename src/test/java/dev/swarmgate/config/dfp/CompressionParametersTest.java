package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Compression;
import dev.swarmgate.config.Compression.Coding;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

class CompressionParametersTest {

    private static final String BASE = "serviceName=api&servicePath=/api&port=8080&";

    private static List<HttpRule> rules(String query) throws InvalidServiceException {
        return spec(query).destinations().getFirst().rules();
    }

    private static Compression compression(String query) throws InvalidServiceException {
        return rules(query).stream().filter(Compression.class::isInstance).map(Compression.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no compression rule for " + query));
    }

    @Test
    void gzipAloneCompressesTheDefaultTypes() throws InvalidServiceException {
        assertThat(compression(BASE + "compressionAlgo=gzip"))
                .isEqualTo(new Compression(List.of(Coding.GZIP), List.of()));
    }

    @Test
    void haproxysSpaceSeparatedListWorks() throws InvalidServiceException {
        assertThat(compression(BASE + "compressionAlgo=gzip deflate&compressionType=text/html text/css"))
                .isEqualTo(new Compression(List.of(Coding.GZIP, Coding.DEFLATE), List.of("text/html", "text/css")));
    }

    @Test
    void theSeparatorWorksToo() throws InvalidServiceException {
        assertThat(compression(BASE + "compressionAlgo=deflate,gzip&compressionType=text/html, application/json"))
                .isEqualTo(new Compression(List.of(Coding.DEFLATE, Coding.GZIP),
                        List.of("text/html", "application/json")));
        assertThat(compression(Query.settings(";", DomainMatch.PREFIX, false), BASE
                + "compressionAlgo=gzip;deflate")).isEqualTo(new Compression(List.of(Coding.GZIP, Coding.DEFLATE),
                List.of()));
    }

    private static Compression compression(dev.swarmgate.config.Settings settings, String query)
            throws InvalidServiceException {
        return request(settings, query).spec().orElseThrow().destinations().getFirst().rules().stream()
                .filter(Compression.class::isInstance).map(Compression.class::cast).findFirst().orElseThrow();
    }

    @Test
    void namesIgnoreCaseAndRepeatsCountOnce() throws InvalidServiceException {
        assertThat(compression(BASE + "CompressionAlgo=GZIP gzip Raw-Deflate&compressiontype=Text/HTML text/html"))
                .isEqualTo(new Compression(List.of(Coding.GZIP, Coding.RAW_DEFLATE), List.of("text/html")));
    }

    @Test
    void wildcardAndPrefixTypesAreAccepted() throws InvalidServiceException {
        assertThat(compression(BASE + "compressionAlgo=gzip&compressionType=text/* application/").mimeTypes())
                .containsExactly("text/*", "application/");
    }

    @Test
    void identityTurnsCompressionOff() throws InvalidServiceException {
        assertThat(rules(BASE + "compressionAlgo=identity")).isEmpty();
        assertThat(compression(BASE + "compressionAlgo=identity gzip").codings()).containsExactly(Coding.GZIP);
    }

    @Test
    void typesWithoutAnAlgorithmDoNothingAsInHaproxy() throws InvalidServiceException {
        assertThat(rules(BASE + "compressionType=text/html")).isEmpty();
    }

    @Test
    void noParameterNoRule() throws InvalidServiceException {
        assertThat(rules(BASE.substring(0, BASE.length() - 1))).isEmpty();
    }

    @Test
    void everyDestinationOfTheServiceCompresses() throws InvalidServiceException {
        List<Destination> destinations = spec("serviceName=api&servicePath.1=/a&port.1=80&servicePath.2=/b"
                + "&port.2=81&compressionAlgo=gzip").destinations();

        assertThat(destinations).hasSize(2).allSatisfy(destination -> assertThat(destination.rules())
                .containsExactly(new Compression(List.of(Coding.GZIP), List.of())));
    }

    @Test
    void tcpDestinationsHaveNoCompression() throws InvalidServiceException {
        assertThat(spec("serviceName=db&reqMode=tcp&srcPort=5432&port=5432&compressionAlgo=gzip").destinations()
                .getFirst().rules()).isEmpty();
    }

    @Test
    void anUnknownAlgorithmIsA400NamingTheParameterAndTheChoices() {
        InvalidServiceException e = rejection(BASE + "compressionAlgo=gzip br");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("serviceName api: compressionAlgo=gzip br: br is not a compression"
                + " algorithm; use gzip, deflate, raw-deflate or identity (off), several separated by spaces or ','");
    }

    @Test
    void aMalformedTypeIsA400NamingTheParameter() {
        InvalidServiceException e = rejection(BASE + "compressionAlgo=gzip&compressionType=text/html html");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName api: compressionType=text/html html: html is not a MIME"
                + " type; write type/subtype");
    }

    @Test
    void compressionIsNoLongerReportedAsIgnored() throws InvalidServiceException {
        assertThat(request(BASE + "compressionAlgo=gzip&compressionType=text/html").unsupported()).isEmpty();
    }
}
