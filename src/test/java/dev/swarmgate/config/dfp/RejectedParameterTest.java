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
    void serviceLevelRejectedNameIgnoresCase() {
        assertThat(rejection(BASE + "SERVICECERT=x").getMessage()).contains("serviceCert is not implemented yet");
    }

    @Test
    void rejectionDoesNotEchoTheValue() {
        assertThat(rejection(BASE + "serviceCert=s3cretPEM").getMessage()).doesNotContain("s3cretPEM");
    }
}
