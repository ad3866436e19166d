package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

class SessionTypeParameterTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80";

    @Test
    void stickyServerMakesTheServiceSticky() throws InvalidServiceException {
        assertThat(spec(BASE + "&sessionType=sticky-server").stickySessions()).isTrue();
    }

    @Test
    void absentOrEmptySessionTypeIsNotSticky() throws InvalidServiceException {
        assertThat(spec(BASE).stickySessions()).isFalse();
        assertThat(spec(BASE + "&sessionType=").stickySessions()).isFalse();
    }

    @Test
    void otherSessionTypeIsRefusedNamingTheAcceptedValue() {
        InvalidServiceException e = rejection(BASE + "&sessionType=sticky-client");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: sessionType=sticky-client is not supported")
                .contains("sessionType=sticky-server");
    }
}
