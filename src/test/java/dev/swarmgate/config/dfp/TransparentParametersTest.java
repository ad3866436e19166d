package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Transparency;
import dev.swarmgate.config.TransparentProxying;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code transparent} and {@code transparentPort}, and the {@code TRANSPARENT} default, through the one parser. */
class TransparentParametersTest {

    private static final String TCP = "serviceName=db&port=5432&srcPort=5432&reqMode=tcp";
    private static final String HTTP = "serviceName=web&servicePath=/&port=80";

    @TempDir
    Path scratch;

    private static Transparency transparency(String query) throws InvalidServiceException {
        return spec(query).destinations().getFirst().transparency();
    }

    private static Transparency transparency(Settings settings, String query) throws InvalidServiceException {
        return request(settings, query).spec().orElseThrow().destinations().getFirst().transparency();
    }

    private static Settings defaultOn() {
        return Query.settings().withTransparent(new TransparentProxying(Transparency.CLIENT_IP, Optional.empty()));
    }

    @Test
    void destinationsConnectFromTheProxyUnlessTheyAsk() throws InvalidServiceException {
        assertThat(transparency(TCP)).isEqualTo(Transparency.OFF);
        assertThat(transparency(HTTP)).isEqualTo(Transparency.OFF);
    }

    @Test
    void transparentTrueBindsTheClientsAddressForTcpAndHttp() throws InvalidServiceException {
        assertThat(transparency(TCP + "&transparent=true")).isEqualTo(Transparency.CLIENT_IP);
        assertThat(transparency(HTTP + "&transparent=1")).isEqualTo(Transparency.CLIENT_IP);
    }

    @Test
    void transparentPortAddsTheClientsPort() throws InvalidServiceException {
        assertThat(transparency(TCP + "&transparent=true&transparentPort=true"))
                .isEqualTo(Transparency.CLIENT_IP_AND_PORT);
        assertThat(transparency(TCP + "&transparent=true&transparentPort=false")).isEqualTo(Transparency.CLIENT_IP);
    }

    @Test
    void indexedTransparentAppliesToItsDestinationOnly() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath.1=/a&port.1=80&transparent.1=true&servicePath.2=/b&port.2=81")
                .destinations()).extracting(d -> d.transparency())
                .containsExactly(Transparency.CLIENT_IP, Transparency.OFF);
    }

    @Test
    void aValueThatIsNotAFlagIsABadRequestWithTheFix() {
        InvalidServiceException e = rejection(TCP + "&transparent=yes");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("transparent=yes").contains("transparent=true or transparent=false");
    }

    @Test
    void transparentPortWithoutTransparentIsABadRequestNamingBoth() {
        InvalidServiceException e = rejection(TCP + "&transparentPort=true");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("transparentPort=true needs transparent=true")
                .contains("add transparent=true, or drop transparentPort");
        assertThat(rejection(TCP + "&transparent=false&transparentPort=true").getMessage())
                .contains("got transparent=false");
    }

    @Test
    void theTransparentDefaultAppliesToDestinationsThatDoNotSay() throws InvalidServiceException {
        assertThat(transparency(defaultOn(), TCP)).isEqualTo(Transparency.CLIENT_IP);
        assertThat(transparency(defaultOn(), TCP + "&transparent=false")).isEqualTo(Transparency.OFF);
        assertThat(transparency(defaultOn(), TCP + "&transparentPort=true"))
                .isEqualTo(Transparency.CLIENT_IP_AND_PORT);
    }

    @Test
    void aProxyThatCannotBindClientAddressesRefusesTransparentDestinationsAndServesTheOthers()
            throws InvalidServiceException {
        Settings nio = Query.settings().withTransparent(TransparentProxying.DEFAULTS
                .unavailableBecause("this proxy runs on the nio transport"));
        InvalidServiceException e = rejection(nio, TCP + "&transparent=true");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("transparent=true cannot be served here: this proxy runs on the nio"
                + " transport").contains("set transparent=false");
        assertThat(transparency(nio, TCP)).isEqualTo(Transparency.OFF);
    }

    @Test
    void theHttpsEntryOfADestinationIsTransparentToo() throws InvalidServiceException {
        assertThat(spec(HTTP + "&httpsPort=443&transparent=true").destinations())
                .extracting(d -> d.transparency()).containsOnly(Transparency.CLIENT_IP);
    }

    @Test
    void theLabelBecomesTheParameter() throws InvalidServiceException {
        Map<String, String> parameters = ServiceLabels.createParameters("db", Map.of("com.df.notify", "true",
                "com.df.port", "5432", "com.df.srcPort", "5432", "com.df.reqMode", "tcp",
                "com.df.transparent", "true"), NotifyLabel.DEFAULT, OptionalLong.of(1));
        assertThat(new ServiceParameters(Query.settings()).parse(ServiceLabels.asRequest(parameters)).spec()
                .orElseThrow().destinations().getFirst().transparency()).isEqualTo(Transparency.CLIENT_IP);
    }

    @Test
    void transparentEnvironmentVariableSetsTheDefault() {
        Path secrets = scratch.resolve("secrets");
        assertThat(DfpSettings.read(Map.of(), secrets, scratch).transparent().byDefault())
                .isEqualTo(Transparency.OFF);
        assertThat(DfpSettings.read(Map.of("TRANSPARENT", "true"), secrets, scratch).transparent().byDefault())
                .isEqualTo(Transparency.CLIENT_IP);
        assertThatThrownBy(() -> DfpSettings.read(Map.of("TRANSPARENT", "maybe"), secrets, scratch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRANSPARENT");
    }

    @Test
    void transparentSetupIsAFlag() {
        assertThat(TransparentSetupSetting.read(Map.of())).isFalse();
        assertThat(TransparentSetupSetting.read(Map.of("TRANSPARENT_SETUP", "true"))).isTrue();
        assertThatThrownBy(() -> TransparentSetupSetting.read(Map.of("TRANSPARENT_SETUP", "on")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TRANSPARENT_SETUP=on is not valid: use true");
    }
}
