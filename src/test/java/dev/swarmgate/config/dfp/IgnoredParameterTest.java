package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.swarmgate.config.dfp.Parsing.request;
import static org.assertj.core.api.Assertions.assertThat;

class IgnoredParameterTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80&";

    @ParameterizedTest
    @EnumSource(IgnoredParameter.class)
    void haproxyOnlyParameterIsAcceptedAndReported(IgnoredParameter parameter) throws InvalidServiceException {
        ServiceRequest request = request(BASE + parameter.parameter() + "=true");
        assertThat(request.spec()).isPresent();
        assertThat(request.unsupported()).singleElement().asString()
                .startsWith(parameter.parameter() + " ").endsWith(", so it is ignored");
    }

    @Test
    void backendExtraSaysItIsRawHaproxyConfiguration() throws InvalidServiceException {
        assertThat(request(BASE + "backendExtra=option%20x").unsupported()).containsExactly(
                "backendExtra is raw HAProxy configuration; Swarmgate does not run HAProxy, so it is ignored");
    }

    @Test
    void indexedIgnoredParameterIsReportedPerOccurrence() throws InvalidServiceException {
        assertThat(request("serviceName=a&servicePath=/&port.1=80&port.2=81&userDef.1=5&userDef.2=6")
                .unsupported()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("userDef.1 "))
                .anySatisfy(s -> assertThat(s).startsWith("userDef.2 "));
    }

    @Test
    void falseIgnoredFlagIsNotReported() throws InvalidServiceException {
        assertThat(request(BASE + "checkResolvers=false&ignoreAuthorization=0").unsupported()).isEmpty();
    }

    @Test
    void serviceLevelIgnoredNameIgnoresCase() throws InvalidServiceException {
        assertThat(request(BASE + "BACKENDEXTRA=x").unsupported()).singleElement().asString()
                .startsWith("backendExtra ");
    }
}
