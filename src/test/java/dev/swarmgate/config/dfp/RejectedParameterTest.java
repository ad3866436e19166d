package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static org.assertj.core.api.Assertions.assertThat;

class RejectedParameterTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80&";

    @ParameterizedTest
    @EnumSource(RejectedParameter.class)
    void unimplementedParameterIsRejectedNamingIt(RejectedParameter parameter) {
        InvalidServiceException e = rejection(BASE + parameter.parameter() + "=true");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: " + parameter.parameter() + " is not implemented yet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verifyClientSsl", "sslVerifyNone", "usersPassEncrypted"})
    void falseFlagIsAccepted(String flag) throws InvalidServiceException {
        assertThat(request(BASE + flag + "=false").spec()).isPresent();
    }

    @Test
    void indexedRejectedParameterIsNamedWithItsIndex() {
        assertThat(rejection("serviceName=a&servicePath.1=/&port.1=80&verifyClientSsl.1=true").getMessage())
                .contains("verifyClientSsl.1 is not implemented yet");
    }

    @Test
    void unindexedRejectedParameterReachesIndexedDestinationsByFallback() {
        assertThat(rejection("serviceName=a&servicePath.1=/&port.1=80&verifyClientSsl=true").getMessage())
                .contains("verifyClientSsl is not implemented yet");
    }

    @Test
    void rejectedParameterOutsideTheIndexedListHasNoEffect() throws InvalidServiceException {
        assertThat(request("serviceName=a&servicePath.1=/&port.1=80&verifyClientSsl.5=true").spec()).isPresent();
    }

    @Test
    void httpsPortAloneStartsADestinationAndIsRejected() {
        assertThat(rejection("serviceName=a&servicePath=/&port=80&httpsPort.1=443").getMessage())
                .contains("httpsPort.1 is not implemented yet");
    }
}
