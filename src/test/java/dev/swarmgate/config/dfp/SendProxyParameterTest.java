package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ProxyProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

class SendProxyParameterTest {

    @Test
    void noSendProxyMeansNoHeader() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80").destinations().getFirst().sendProxy())
                .isEqualTo(ProxyProtocol.NONE);
    }

    @ParameterizedTest
    @CsvSource({"v1,V1", "V1,V1", "v2,V2", "V2,V2", "none,NONE", "None,NONE"})
    void sendProxyTakesTheVersionInAnyCase(String value, ProxyProtocol expected) throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/&port=80&sendProxy=" + value).destinations().getFirst()
                .sendProxy()).isEqualTo(expected);
    }

    @Test
    void indexedSendProxyAppliesToItsDestinationOnly() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath.1=/a&port.1=80&sendProxy.1=v2&servicePath.2=/b&port.2=81")
                .destinations()).extracting(d -> d.sendProxy()).containsExactly(ProxyProtocol.V2, ProxyProtocol.NONE);
    }

    @Test
    void unknownSendProxyIsABadRequestListingTheAcceptedValues() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/&port=80&sendProxy=v3");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("sendProxy=v3").contains("v1, v2, none");
    }
}
